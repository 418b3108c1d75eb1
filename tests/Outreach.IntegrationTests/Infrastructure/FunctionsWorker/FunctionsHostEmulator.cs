using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outreach.IntegrationTests.Infrastructure.FunctionsWorker.Protocol;

namespace Outreach.IntegrationTests.Infrastructure.FunctionsWorker;

/// <summary>
/// Plays the Azure Functions host's part for the Functions app's own worker process, as Azure runs it: starts
/// <c>dotnet Outreach.Functions.dll</c> with the host's settings, accepts its gRPC event stream, initialises it, asks it
/// for its functions and loads them; then each HTTP request becomes an invocation request on the stream plus the same
/// request forwarded to the worker's ASP.NET Core server with the invocation id (the HTTP proxying of the ASP.NET Core
/// integration). What runs in between is the worker's own: Program.cs, its middleware, its binding, the functions.
/// Like the host, it refuses function-level routes without a key and answers 500 for a failed invocation.
/// </summary>
public sealed class FunctionsHostEmulator : IAsyncDisposable
{
    private const string InvocationIdHeader = "x-ms-invocation-id";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly WebApplication rpcServer;
    private readonly WorkerConnection connection;
    private readonly Process worker;
    private readonly StringBuilder workerOutput;
    private readonly string functionKey;
    private readonly HttpClient toWorker = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private IReadOnlyList<HttpFunctionRoute> routes = [];

    private FunctionsHostEmulator(WebApplication rpcServer, WorkerConnection connection, Process worker, StringBuilder workerOutput, string functionKey)
    {
        this.rpcServer = rpcServer;
        this.connection = connection;
        this.worker = worker;
        this.workerOutput = workerOutput;
        this.functionKey = functionKey;
    }

    /// <summary>The functions the worker reported, by name.</summary>
    public IReadOnlyList<string> FunctionNames => routes.Select(r => r.Name).ToList();

    /// <summary>What the worker process wrote so far (for failure messages).</summary>
    public string WorkerOutput
    {
        get
        {
            lock (workerOutput)
            {
                return workerOutput.ToString();
            }
        }
    }

    /// <summary>Starts the worker from <paramref name="appDirectory"/> (the Functions app's build output) with <paramref name="settings"/> as app settings.</summary>
    public static async Task<FunctionsHostEmulator> StartAsync(string appDirectory, IReadOnlyDictionary<string, string?> settings, string functionKey)
    {
        var connection = new WorkerConnection();
        var rpcServer = await StartRpcServerAsync(connection);
        var output = new StringBuilder();
        var worker = StartWorker(appDirectory, settings, RpcAddress(rpcServer), output);
        var host = new FunctionsHostEmulator(rpcServer, connection, worker, output, functionKey);
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await host.InitialiseAsync(appDirectory, timeout.Token);
        }
        catch (Exception exception)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The Functions worker did not start: {exception.Message}\n{host.WorkerOutput}", exception);
        }

        return host;
    }

    /// <summary>Sends <paramref name="request"/> (a path under the app, e.g. <c>/api/ping</c>) as the Functions host would.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.RequestUri.IsAbsoluteUri ? request.RequestUri.Query : new Uri(new Uri("http://host"), request.RequestUri).Query);
        var match = routes.Select(r => (Route: r, Values: r.Match(request.Method.Method, path))).FirstOrDefault(m => m.Values is not null);
        if (match.Route is null) return new HttpResponseMessage(HttpStatusCode.NotFound);
        if (!match.Route.IsAnonymous && !HasFunctionKey(request, query)) return new HttpResponseMessage(HttpStatusCode.Unauthorized);

        var invocation = new Invocation
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = match.Route.FunctionId,
            TraceContext = new TraceContext { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01" },
        };
        // Binding data, as the host gives it: query values, then route values over them.
        foreach (var (name, value) in query) invocation.TriggerMetadata[name] = new Value { Text = value.ToString() };
        foreach (var (name, value) in match.Values!) invocation.TriggerMetadata[name] = new Value { Text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };

        var outcome = connection.RequestAsync(new Envelope { Invocation = invocation }, cancellationToken);
        var forwarded = await ForwardAsync(request, invocation.InvocationId, cancellationToken);
        var result = (await outcome).InvocationOutcome.Result;
        if (result.Status == Outcome.Types.Status.Success) return forwarded;

        forwarded.Dispose();
        return new HttpResponseMessage(HttpStatusCode.InternalServerError) { ReasonPhrase = result.Failure?.Message };
    }

    public async ValueTask DisposeAsync()
    {
        if (!worker.HasExited)
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        worker.Dispose();
        toWorker.Dispose();
        await rpcServer.StopAsync();
        await rpcServer.DisposeAsync();
    }

    private static async Task<WebApplication> StartRpcServerAsync(WorkerConnection connection)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(connection);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync();
        return app;
    }

    private static Uri RpcAddress(WebApplication rpcServer) =>
        new(rpcServer.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    private static Process StartWorker(string appDirectory, IReadOnlyDictionary<string, string?> settings, Uri rpcAddress, StringBuilder output)
    {
        var workerId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(appDirectory, "Outreach.Functions.dll")])
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = start.Environment;
        foreach (var name in environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        environment["Functions__Worker__HostEndpoint"] = rpcAddress.ToString();
        environment["Functions__Worker__WorkerId"] = workerId;
        environment["Functions__Worker__RequestId"] = workerId;
        environment["Functions__Worker__GrpcMaxMessageLength"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        DataReceivedEventHandler capture = (_, line) =>
        {
            if (line.Data is null) return;
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.OutputDataReceived += capture;
        process.ErrorDataReceived += capture;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task InitialiseAsync(string appDirectory, CancellationToken cancellationToken)
    {
        var exited = worker.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(connection.Started, exited) == exited) throw new InvalidOperationException($"the worker exited with code {worker.ExitCode}.");

        var init = (await connection.RequestAsync(new Envelope { InitRequest = new InitRequest { HostVersion = "4.0.0", FunctionAppDirectory = appDirectory, WorkerDirectory = appDirectory } }, cancellationToken)).InitResponse;
        RequireSuccess(init.Result, "initialisation");
        toWorker.BaseAddress = new Uri(init.Capabilities["HttpUri"]);

        var metadata = (await connection.RequestAsync(new Envelope { MetadataRequest = new MetadataRequest { FunctionAppDirectory = appDirectory } }, cancellationToken)).MetadataResponse;
        RequireSuccess(metadata.Result, "function metadata");
        var routePrefix = RoutePrefix(appDirectory);
        foreach (var function in metadata.Functions)
        {
            var loaded = (await connection.RequestAsync(new Envelope { LoadRequest = new LoadRequest { FunctionId = function.FunctionId, Metadata = function } }, cancellationToken)).LoadResponse;
            RequireSuccess(loaded.Result, $"loading {function.Name}");
        }

        // Literal segments before parameters, as ASP.NET Core routing (and so the host) picks among matching routes.
        routes = metadata.Functions.Select(f => HttpFunctionRoute.From(f, routePrefix)).OfType<HttpFunctionRoute>().OrderBy(r => r.Precedence).ToList();
        await WaitForHttpServerAsync(cancellationToken);
    }

    /// <summary>The worker starts its ASP.NET Core server after opening the stream: wait until it accepts connections.</summary>
    private async Task WaitForHttpServerAsync(CancellationToken cancellationToken)
    {
        var address = toWorker.BaseAddress!;
        while (true)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, cancellationToken);
                return;
            }
            catch (SocketException) when (!worker.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, string invocationId, CancellationToken cancellationToken)
    {
        var forwarded = new HttpRequestMessage(request.Method, request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString)
        {
            Content = request.Content,
        };
        foreach (var (name, values) in request.Headers) forwarded.Headers.TryAddWithoutValidation(name, values);
        forwarded.Headers.Add(InvocationIdHeader, invocationId);
        return await toWorker.SendAsync(forwarded, cancellationToken);
    }

    private bool HasFunctionKey(HttpRequestMessage request, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query) =>
        (request.Headers.TryGetValues("x-functions-key", out var keys) ? keys.FirstOrDefault() : query.GetValueOrDefault("code").FirstOrDefault()) == functionKey;

    private static void RequireSuccess(Outcome outcome, string step)
    {
        if (outcome.Status != Outcome.Types.Status.Success) throw new InvalidOperationException($"{step} failed: {outcome.Failure?.Message ?? outcome.Detail}");
    }

    private static string RoutePrefix(string appDirectory)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? "api"
            : "api";
    }

    /// <summary>An HTTP function as its metadata declares it: route, methods, authorization level.</summary>
    private sealed class HttpFunctionRoute
    {
        private readonly TemplateMatcher matcher;
        private readonly string[] methods;

        private HttpFunctionRoute(string name, string functionId, string template, string[] methods, bool isAnonymous)
        {
            Name = name;
            FunctionId = functionId;
            this.methods = methods;
            IsAnonymous = isAnonymous;
            var parsed = TemplateParser.Parse(template);
            Precedence = RoutePrecedence.ComputeInbound(parsed);
            matcher = new TemplateMatcher(parsed, new RouteValueDictionary(parsed.Parameters.Where(p => p.DefaultValue is not null).ToDictionary(p => p.Name!, p => p.DefaultValue)));
        }

        public string Name { get; }

        public string FunctionId { get; }

        public bool IsAnonymous { get; }

        public decimal Precedence { get; }

        public static HttpFunctionRoute? From(FunctionMetadata function, string routePrefix)
        {
            foreach (var raw in function.RawBindings)
            {
                using var binding = JsonDocument.Parse(raw);
                var root = binding.RootElement;
                if (!root.TryGetProperty("type", out var type) || !string.Equals(type.GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase)) continue;

                var route = root.TryGetProperty("route", out var r) && r.GetString() is { Length: > 0 } value ? value : function.Name;
                var methods = root.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray() : [];
                var anonymous = root.TryGetProperty("authLevel", out var level) && string.Equals(level.GetString(), "Anonymous", StringComparison.OrdinalIgnoreCase);
                return new HttpFunctionRoute(function.Name, function.FunctionId, $"{routePrefix}/{route}".Trim('/'), methods, anonymous);
            }

            return null;
        }

        public RouteValueDictionary? Match(string method, string path)
        {
            if (methods.Length > 0 && !methods.Contains(method.ToUpperInvariant())) return null;
            var values = new RouteValueDictionary();
            return matcher.TryMatch(new PathString(path), values) ? values : null;
        }
    }
}
