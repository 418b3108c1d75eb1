using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

/// <summary>
/// The Functions app's own worker (Program.cs, its middleware, the worker's binding and the ASP.NET Core integration)
/// answers like the DevHost: the same request gets the same status, content type and body from both.
/// </summary>
public sealed class WorkerPipelineTests(FunctionsWorkerFixture worker, DevHostFixture devHost) : IClassFixture<FunctionsWorkerFixture>, IClassFixture<DevHostFixture>
{
    [Fact]
    public void The_worker_serves_every_function_the_DevHost_serves()
    {
        var served = devHost.Services.GetRequiredService<Outreach.DevHost.FunctionCatalog>().Http.Select(f => f.Name).Order();
        var reported = worker.Host.FunctionNames.Order();
        Assert.Equal(served, reported);
    }

    [Fact]
    public async Task A_function_answers_through_the_worker()
    {
        using var response = await worker.GetAsync("/api/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("pong", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        { "GET", "/api/signup?lang=en", null, null },
        { "GET", "/api/audiences", null, null },
        { "POST", "/api/subscriptions", "application/json", "{ not json" },
        { "POST", "/api/subscriptions", "application/json", """{"email":"not an address","audiences":["newsletter"],"consent":true}""" },
        { "POST", "/api/subscriptions", "text/plain", "hello" },
        { "GET", "/api/events/no-such-session", null, null },
        { "GET", "/api/unsubscribe?token=tampered", null, null },
        { "GET", "/api/admin/audiences", null, null },
        { "POST", "/api/admin/campaigns", "application/json", "{}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Both_hosts_give_the_same_answer(string method, string path, string? contentType, string? body)
    {
        using var fromWorker = await worker.SendAsync(Request(method, path, contentType, body));
        using var fromDevHost = await devHost.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(Request(method, path, contentType, body));

        if (path.StartsWith("/api/admin/", StringComparison.Ordinal)) Assert.Equal(HttpStatusCode.Unauthorized, fromWorker.StatusCode); // no credentials: the gate middleware answers
        Assert.True(fromDevHost.StatusCode == fromWorker.StatusCode, $"{fromWorker.StatusCode} {fromWorker.ReasonPhrase} {await fromWorker.Content.ReadAsStringAsync()}\n{worker.Host.WorkerOutput}");
        Assert.Equal(fromDevHost.Content.Headers.ContentType?.ToString(), fromWorker.Content.Headers.ContentType?.ToString());
        Assert.Equal(await fromDevHost.Content.ReadAsStringAsync(), await fromWorker.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/signup?lang=en", true)]
    [InlineData("/api/signup?format=snippet", false)]
    [InlineData("/api/unsubscribe?token=tampered", true)]
    [InlineData("/api/events/no-such-session", true)]
    [InlineData("/api/newsletters", true)]
    public async Task Every_page_carries_the_security_headers_on_both_hosts_and_only_the_snippet_may_be_framed_elsewhere(string path, bool framedBySelfOnly)
    {
        foreach (var get in new Func<string, Task<HttpResponseMessage>>[] { worker.GetAsync, devHost.CreateClient().GetAsync })
        {
            using var response = await get(path);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
            Assert.Equal(framedBySelfOnly, policy.Contains("frame-ancestors 'self'", StringComparison.Ordinal));
            if (!framedBySelfOnly) Assert.DoesNotContain("frame-ancestors", policy, StringComparison.Ordinal);
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData(" starts-with-a-space")]
    public async Task A_continuation_token_the_list_did_not_give_is_a_400_problem_on_both_hosts(string token)
    {
        var audience = "tokens-" + Guid.NewGuid().ToString("N")[..6];
        var create = $$"""{"id":"{{audience}}","name":"Tokens","cadence":"weekly"}""";
        var page = $"/api/admin/audiences/{audience}/subscribers?continuationToken={Uri.EscapeDataString(token)}";
        using var createdOnWorker = await worker.SendAsync(AsAdmin(Request("POST", "/api/admin/audiences", "application/json", create)));
        using var createdOnDevHost = await devHost.CreateAdminClient().SendAsync(Request("POST", "/api/admin/audiences", "application/json", create));
        Assert.Equal(HttpStatusCode.Created, createdOnWorker.StatusCode);
        Assert.Equal(HttpStatusCode.Created, createdOnDevHost.StatusCode);

        using var fromWorker = await worker.SendAsync(AsAdmin(Request("GET", page, null, null)));
        using var fromDevHost = await devHost.CreateAdminClient().GetAsync(page);

        Assert.Equal(HttpStatusCode.BadRequest, fromWorker.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", fromWorker.Content.Headers.ContentType?.ToString());
        Assert.Contains("The continuation token is not valid.", await fromWorker.Content.ReadAsStringAsync());
        Assert.Equal(fromDevHost.StatusCode, fromWorker.StatusCode);
        Assert.Equal(await fromDevHost.Content.ReadAsStringAsync(), await fromWorker.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audit_log_refuses_a_token_it_did_not_give_with_the_same_problem_on_both_hosts()
    {
        const string page = "/api/admin/audit?continuationToken=not-a-token";
        using var fromWorker = await worker.SendAsync(AsAdmin(Request("GET", page, null, null)));
        using var fromDevHost = await devHost.CreateAdminClient().GetAsync(page);

        Assert.Equal(HttpStatusCode.BadRequest, fromWorker.StatusCode);
        Assert.Contains("The continuation token is not valid.", await fromWorker.Content.ReadAsStringAsync());
        Assert.Equal(await fromDevHost.Content.ReadAsStringAsync(), await fromWorker.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage AsAdmin(HttpRequestMessage request)
    {
        request.Headers.Add(Outreach.Core.Accounts.ApiKeys.HeaderName, FunctionsWorkerFixture.FunctionKey);
        return request;
    }

    private static HttpRequestMessage Request(string method, string path, string? contentType, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        return request;
    }
}

/// <summary>Storage that refuses every request (a wrong account key), for both hosts.</summary>
public static class RefusingStorage
{
    public static string ConnectionString => Regex.Replace(SharedAzurite.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));
}

public sealed class RefusingStorageWorkerFixture : FunctionsWorkerFixture
{
    public RefusingStorageWorkerFixture() => WithSetting("Storage:ConnectionString", RefusingStorage.ConnectionString);
}

public sealed class RefusingStorageDevHostFixture : DevHostFixture
{
    public RefusingStorageDevHostFixture() => WithSetting("Storage:ConnectionString", RefusingStorage.ConnectionString);
}

/// <summary>A function that throws: the exception-handling middleware answers for it, as the DevHost does.</summary>
public sealed class WorkerFailureTests(RefusingStorageWorkerFixture worker, RefusingStorageDevHostFixture devHost)
    : IClassFixture<RefusingStorageWorkerFixture>, IClassFixture<RefusingStorageDevHostFixture>
{
    [Fact]
    public async Task A_function_that_throws_answers_the_same_500_problem_on_both_hosts()
    {
        using var fromWorker = await worker.GetAsync("/api/audiences");
        using var fromDevHost = await devHost.CreateClient().GetAsync("/api/audiences");

        Assert.Equal(HttpStatusCode.InternalServerError, fromWorker.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", fromWorker.Content.Headers.ContentType?.ToString());
        var problem = await fromWorker.Content.ReadAsStringAsync();
        Assert.Contains("\"title\":\"An unexpected error occurred.\"", problem);
        Assert.DoesNotContain("RequestFailedException", problem);
        Assert.Equal(fromDevHost.StatusCode, fromWorker.StatusCode);
        Assert.Equal(await fromDevHost.Content.ReadAsStringAsync(), problem);
    }
}
