using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.DevHost;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

/// <summary>The DevHost serves every function of the Functions app: no route, schedule or queue is left out.</summary>
public sealed class FunctionCoverageTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    /// <summary>Every [Function] of the Functions assembly with its trigger attribute, read here independently of the DevHost.</summary>
    internal static IReadOnlyList<(string Name, MethodInfo Method, TriggerBindingAttribute? Trigger)> DeclaredFunctions() =>
        Assembly.Load(FunctionCatalog.FunctionsAssemblyName).GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .Select(x => (x.Function!.Name, x.Method, x.Method.GetParameters().SelectMany(p => p.GetCustomAttributes().OfType<TriggerBindingAttribute>()).FirstOrDefault()))
            .ToList();

    [Fact]
    public void Every_function_of_the_Functions_app_is_served_by_the_DevHost()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var timers = host.Services.GetRequiredService<TimerFunctionRunner>();
        var queues = host.Services.GetRequiredService<QueueFunctionRunner>();
        var declared = DeclaredFunctions();
        Assert.NotEmpty(declared);

        var notServed = new List<string>();
        foreach (var (name, method, trigger) in declared)
        {
            var served = trigger switch
            {
                HttpTriggerAttribute http => endpoints.Any(endpoint =>
                    endpoint.Metadata.GetMetadata<FunctionEndpointMetadata>()?.FunctionName == name
                    && endpoint.RoutePattern.RawText == "/" + (http.Route ?? name).Trim('/')
                    && SameMethods(endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods, http.Methods)),
                TimerTriggerAttribute timer => timers.Functions.Any(f => f.Name == name && f.Schedule == timer.Schedule) && timers.Schedules.ContainsKey(name),
                QueueTriggerAttribute queue => queues.Functions.Any(f => f.Name == name && f.QueueName == queue.QueueName),
                _ => false,
            };
            if (!served)
            {
                notServed.Add($"{name} ({method.DeclaringType!.Name}.{method.Name}, trigger {trigger?.GetType().Name ?? "none"})");
            }
        }

        Assert.True(notServed.Count == 0, "Functions not served by the DevHost:\n" + string.Join("\n", notServed));
    }

    [Fact]
    public void The_DevHost_serves_nothing_the_Functions_app_does_not_declare_except_its_dev_routes_and_the_platforms_sign_in()
    {
        var declared = DeclaredFunctions().Select(f => f.Name).ToHashSet();
        var extra = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FunctionEndpointMetadata>() is not { } function || !declared.Contains(function.FunctionName))
            .Select(e => e.RoutePattern.RawText)
            .Where(route => route is null || !(route.StartsWith("/api/dev/", StringComparison.Ordinal) || route.StartsWith("/.auth/", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(extra);
    }

    /// <summary>
    /// host.json's routePrefix is empty so that the console can live at /console/; every other route names /api itself,
    /// which keeps the public URLs where the contract puts them on both hosts.
    /// </summary>
    [Fact]
    public void Every_HTTP_route_but_the_console_is_under_api()
    {
        var outside = DeclaredFunctions()
            .Where(f => f.Trigger is HttpTriggerAttribute && f.Name != "Console")
            .Select(f => (f.Name, Route: ((HttpTriggerAttribute)f.Trigger!).Route ?? f.Name))
            .Where(f => !f.Route.StartsWith("api/", StringComparison.Ordinal))
            .Select(f => $"{f.Name}: Route = \"{f.Route}\" (write it \"api/{f.Route.TrimStart('/')}\")")
            .ToList();
        Assert.True(outside.Count == 0, "HTTP functions whose route is not under api/ (host.json has routePrefix \"\"):\n" + string.Join("\n", outside));
    }

    private static bool SameMethods(IReadOnlyList<string>? served, string[]? declared) =>
        (declared is null || declared.Length == 0)
            ? served is null || served.Count == 0
            : served is not null && served.Select(m => m.ToUpperInvariant()).Order().SequenceEqual(declared.Select(m => m.ToUpperInvariant()).Order());
}
