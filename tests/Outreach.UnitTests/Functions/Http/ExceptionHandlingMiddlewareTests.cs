using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Outreach.Functions.Http;

namespace Outreach.UnitTests.Functions.Http;

public sealed class ExceptionHandlingMiddlewareTests
{
    private readonly ExceptionHandlingMiddleware middleware = new(NullLogger<ExceptionHandlingMiddleware>.Instance);

    [Fact]
    public async Task An_HTTP_function_that_throws_answers_a_500_problem_without_the_exception()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        await middleware.Invoke(new TestFunctionContext(http), _ => throw new InvalidOperationException("secret detail"));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(http.Response.Body).RootElement;
        Assert.Equal(UnexpectedFailure.Title, problem.GetProperty("title").GetString());
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret", problem.GetRawText());
    }

    [Fact]
    public async Task Other_triggers_rethrow_so_the_queue_retries_and_poisons()
    {
        var failure = new InvalidOperationException("queue message failed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(new TestFunctionContext(http: null), _ => throw failure));

        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task A_response_already_started_cannot_be_answered_and_the_failure_goes_to_the_host()
    {
        var http = new DefaultHttpContext();
        http.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(new StartedResponse());

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(new TestFunctionContext(http), _ => throw new InvalidOperationException()));
    }

    private sealed class StartedResponse : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        public override bool HasStarted => true;
    }

    /// <summary>The parts of an invocation the middleware reads: the HTTP context (as the ASP.NET Core integration stores it) and the function's name.</summary>
    private sealed class TestFunctionContext : FunctionContext
    {
        public TestFunctionContext(HttpContext? http)
        {
            if (http is not null) Items["HttpRequestContext"] = http;
        }

        public override string InvocationId => "invocation";
        public override string FunctionId => "function";
        public override TraceContext TraceContext => throw new NotSupportedException();
        public override BindingContext BindingContext => throw new NotSupportedException();
        public override RetryContext RetryContext => throw new NotSupportedException();
        public override IServiceProvider InstanceServices { get; set; } = EmptyServices.Instance;
        public override FunctionDefinition FunctionDefinition { get; } = new TestFunctionDefinition();
        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
        public override IInvocationFeatures Features => throw new NotSupportedException();
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    private sealed class TestFunctionDefinition : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => "Outreach.Functions.dll";
        public override string EntryPoint => "Outreach.Functions.Test.Run";
        public override string Id => "function";
        public override string Name => "Test";
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
