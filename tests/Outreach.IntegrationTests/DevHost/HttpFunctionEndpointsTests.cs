using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Outreach.Core;
using Outreach.Core.Common.Configuration;
using Outreach.Functions.Accounts;
using Outreach.DevHost;

namespace Outreach.IntegrationTests.DevHost;

/// <summary>HTTP functions of this test assembly, covering the signatures and results the DevHost must serve.</summary>
public sealed class SampleHttpFunctions
{
    [Function("SampleItem")]
    public IActionResult Item(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}/{key:guid}")] HttpRequest request, int id, Guid key, string? filter) =>
        new JsonResult(new { ItemId = id, Key = key, Filter = filter });

    [Function("SampleCalendar")]
    public IActionResult Calendar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/calendar.ics")] HttpRequest request, string eventId) =>
        new FileStreamResult(new MemoryStream(Encoding.UTF8.GetBytes($"BEGIN:VCALENDAR\r\nX-ID:{eventId}\r\nEND:VCALENDAR\r\n")), "text/calendar");

    [Function("SampleCreate")]
    public async ValueTask<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "things")] HttpRequest request, [FromBody] SampleThing thing, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return new CreatedResult($"/api/things/{thing.Name}", thing with { Name = thing.Name.ToUpperInvariant() });
    }

    [Function("SampleProblem")]
    public Task<IActionResult> Problem([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "problem")] HttpRequest request) =>
        Task.FromResult<IActionResult>(new ObjectResult(new ProblemDetails { Status = 400, Title = "Bad input" }) { StatusCode = 400 });

    [Function("SampleThrows")]
    public Task<IActionResult> Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throws")] HttpRequest request) =>
        throw new InvalidOperationException("secret-internal-detail");

    [Function("SampleNoRoute")]
    public IResult NoRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => Results.Text("any method", "text/plain");

    [Function("SampleStatus")]
    public IActionResult Status([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "things/{name}")] HttpRequest request, string name) => new NoContentResult();
}

public sealed record SampleThing(string Name, int Count);

public sealed class FunctionContextFunction
{
    [Function("NeedsContext")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context) => new OkResult();
}

public sealed class OutputBindingFunction
{
    [Function("ReturnsAValue")]
    public string Run([QueueTrigger("in")] string message) => message;
}

public sealed class HttpFunctionEndpointsTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Tokens:SigningKey"] = new string('k', 32), ["Privacy:SuppressionPepper"] = new string('p', 32) });
        builder.Services.AddOutreachCore(builder.Configuration);
        builder.Services.AddAdminAccess();
        app = builder.Build();
        app.MapHttpFunctions(FunctionCatalog.FromTypes(typeof(SampleHttpFunctions)), "api");
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Route_values_bind_by_name_with_constraints_and_query_values_fill_the_rest_and_JSON_is_camel_case()
    {
        var key = Guid.NewGuid();
        using var response = await client.GetAsync($"/api/items/42/{key}?filter=open");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(42, json.GetProperty("itemId").GetInt32());
        Assert.Equal(key, json.GetProperty("key").GetGuid());
        Assert.Equal("open", json.GetProperty("filter").GetString());

        using var notAnInt = await client.GetAsync($"/api/items/abc/{key}");
        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);
    }

    [Fact]
    public async Task A_literal_segment_with_a_dot_is_routed_and_a_file_result_streams()
    {
        using var response = await client.GetAsync("/api/events/odd17-2026-10-01/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-ID:odd17-2026-10-01", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_FromBody_parameter_is_read_as_JSON_and_a_ValueTask_result_is_executed()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/things") { Content = JsonContent.Create(new { name = "chair", count = 3 }) };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/things/chair", response.Headers.Location?.OriginalString);
        Assert.Equal(new SampleThing("CHAIR", 3), await response.Content.ReadFromJsonAsync<SampleThing>(JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task Only_the_declared_methods_are_served_and_a_problem_keeps_its_content_type()
    {
        using var put = await client.PutAsync("/api/problem", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);

        using var post = await client.PostAsync("/api/problem", null);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_function_without_route_or_methods_answers_on_its_name_for_every_method()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Patch })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, "/api/SampleNoRoute"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("any method", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_details()
    {
        using var response = await client.GetAsync("/api/throws");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-internal-detail", body);
        Assert.DoesNotContain("InvalidOperationException", body);
    }

    [Fact]
    public async Task Authorization_is_the_apps_own_so_the_trigger_level_changes_nothing_outside_admin_routes()
    {
        using var response = await client.DeleteAsync("/api/things/chair");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public void A_signature_the_DevHost_cannot_serve_stops_the_start_naming_the_function()
    {
        var context = Assert.Throws<FunctionSignatureException>(() => FunctionCatalog.FromTypes(typeof(FunctionContextFunction)));
        Assert.Equal("NeedsContext", context.FunctionName);
        Assert.Contains("FunctionContext", context.Message);

        var output = Assert.Throws<FunctionSignatureException>(() => FunctionCatalog.FromTypes(typeof(OutputBindingFunction)));
        Assert.Equal("ReturnsAValue", output.FunctionName);
    }
}
