using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Outreach.DevHost;

/// <summary>One <c>[Function]</c> method: how to create its class, bind its parameters and await its result.</summary>
public abstract class FunctionDescriptor
{
    private protected FunctionDescriptor(string name, MethodInfo method)
    {
        Name = name;
        Method = method;
    }

    public string Name { get; }

    public MethodInfo Method { get; }

    public override string ToString() => $"{Name} ({Method.DeclaringType!.Name}.{Method.Name})";

    /// <summary>
    /// Creates the function class with constructor injection from <paramref name="services"/> (the invocation's scope),
    /// calls the method and awaits it. Returns the result, or null for void, Task and ValueTask.
    /// </summary>
    private protected async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        object? instance = null;
        var created = false;
        if (!Method.IsStatic)
        {
            var type = Method.DeclaringType!;
            instance = services.GetService(type);
            if (instance is null)
            {
                instance = ActivatorUtilities.CreateInstance(services, type);
                created = true;
            }
        }

        try
        {
            var returned = Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            return await AwaitAsync(returned);
        }
        finally
        {
            if (created)
            {
                await DisposeAsync(instance);
            }
        }
    }

    private async Task<object?> AwaitAsync(object? returned)
    {
        var returnType = Method.ReturnType;
        if (returned is Task task)
        {
            await task;
            return returnType.IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }

        if (returned is ValueTask valueTask)
        {
            await valueTask;
            return null;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = (Task)returnType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
            await asTask;
            return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
        }

        return returned;
    }

    private static async ValueTask DisposeAsync(object? instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>The type a function produces once awaited: null for void, Task and ValueTask.</summary>
    private protected static Type? ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return null;
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return type;
    }

    private protected static FunctionSignatureException Unsupported(string name, ParameterInfo parameter, string what) =>
        new(name, $"parameter '{parameter.Name}' of type {parameter.ParameterType.Name} {what}");

    /// <summary>Throws when a timer or queue function returns a value (an output binding on Azure).</summary>
    private protected static void RequireNoResult(string name, MethodInfo method)
    {
        if (ResultType(method) is { } result)
        {
            throw new FunctionSignatureException(name, $"it returns {result.Name}; return values are output bindings, which the DevHost does not support. Return void or Task and write through an injected client.");
        }
    }

    /// <summary>Types bound from a route value or query string value (string, numbers, Guid, dates, enums and their nullables).</summary>
    internal static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan);
    }

    internal static object? ConvertSimple(string value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(string) ? value : TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
    }
}

/// <summary>An HTTP-triggered function: served on <c>/{routePrefix}/{Route}</c> for <see cref="HttpMethods"/>.</summary>
public sealed class HttpFunctionDescriptor : FunctionDescriptor
{
    private readonly Func<HttpContext, ValueTask<object?>>[] binders;

    private HttpFunctionDescriptor(string name, MethodInfo method, HttpTriggerAttribute trigger, Func<HttpContext, ValueTask<object?>>[] binders)
        : base(name, method)
    {
        this.binders = binders;
        AuthorizationLevel = trigger.AuthLevel;
        HttpMethods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray();
        Route = string.IsNullOrWhiteSpace(trigger.Route) ? name : trigger.Route.Trim('/');
    }

    public AuthorizationLevel AuthorizationLevel { get; }

    /// <summary>Upper-case HTTP methods; empty means every method.</summary>
    public IReadOnlyList<string> HttpMethods { get; }

    /// <summary>The route template without the route prefix (the function name when the attribute has none).</summary>
    public string Route { get; }

    /// <summary>The route template as served: <c>{routePrefix}/{Route}</c>.</summary>
    public string RouteTemplate(string routePrefix) => string.IsNullOrEmpty(routePrefix) ? Route : $"{routePrefix.Trim('/')}/{Route}";

    /// <summary>Binds the parameters from the request, invokes the function and returns its IActionResult or IResult (or null).</summary>
    public async Task<object?> InvokeAsync(HttpContext context)
    {
        var arguments = new object?[binders.Length];
        for (var i = 0; i < binders.Length; i++)
        {
            arguments[i] = await binders[i](context);
        }

        return await InvokeAsync(context.RequestServices, arguments);
    }

    internal static HttpFunctionDescriptor Create(string name, MethodInfo method, HttpTriggerAttribute trigger)
    {
        var result = ResultType(method);
        if (result is null || !(typeof(IActionResult).IsAssignableFrom(result) || typeof(IResult).IsAssignableFrom(result)))
        {
            throw new FunctionSignatureException(name, $"an HTTP function must return IActionResult or IResult (optionally in a Task or ValueTask); it returns {method.ReturnType.Name}.");
        }

        var binders = method.GetParameters().Select(p => Binder(name, p)).ToArray();
        return new HttpFunctionDescriptor(name, method, trigger, binders);
    }

    private static Func<HttpContext, ValueTask<object?>> Binder(string name, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context => ValueTask.FromResult<object?>(context.Request);
        }

        if (type == typeof(HttpContext))
        {
            return context => ValueTask.FromResult<object?>(context);
        }

        if (type == typeof(CancellationToken))
        {
            return context => ValueTask.FromResult<object?>(context.RequestAborted);
        }

        if (type == typeof(FunctionContext))
        {
            throw Unsupported(name, parameter, "is not supported by the DevHost; inject ILogger<T> and services through the constructor instead.");
        }

        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name == "FromBodyAttribute"))
        {
            return async context => await context.Request.ReadFromJsonAsync(type, JsonSerializerOptions.Web, context.RequestAborted);
        }

        if (IsSimple(type))
        {
            var parameterName = parameter.Name!;
            return context => ValueTask.FromResult(RouteOrQueryValue(name, parameter, parameterName, type, context));
        }

        throw Unsupported(name, parameter, "cannot be bound by the DevHost (supported: HttpRequest, HttpContext, CancellationToken, [FromBody] T, and route or query values as string, numbers, Guid, dates).");
    }

    private static object? RouteOrQueryValue(string functionName, ParameterInfo parameter, string parameterName, Type type, HttpContext context)
    {
        // Route values first, then the query string, both case-insensitive, as the Functions host's binding data.
        var raw = context.Request.RouteValues.TryGetValue(parameterName, out var routeValue) ? Convert.ToString(routeValue, System.Globalization.CultureInfo.InvariantCulture) : null;
        if (raw is null && context.Request.Query.TryGetValue(parameterName, out var queryValue))
        {
            raw = queryValue.ToString();
        }

        if (raw is not null)
        {
            return ConvertSimple(raw, type);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null)
        {
            return null;
        }

        throw new InvalidOperationException($"Function '{functionName}': no route or query value for parameter '{parameterName}'.");
    }
}

/// <summary>A timer-triggered function; <see cref="Schedule"/> is the NCRONTAB expression (or <c>%Setting%</c>) as written.</summary>
public sealed class TimerFunctionDescriptor : FunctionDescriptor
{
    private readonly Func<TimerInfo, CancellationToken, object?>[] binders;

    private TimerFunctionDescriptor(string name, MethodInfo method, TimerTriggerAttribute trigger, Func<TimerInfo, CancellationToken, object?>[] binders)
        : base(name, method)
    {
        this.binders = binders;
        Schedule = trigger.Schedule;
        RunOnStartup = trigger.RunOnStartup;
    }

    public string Schedule { get; }

    public bool RunOnStartup { get; }

    public Task InvokeAsync(IServiceProvider scopedServices, TimerInfo timer, CancellationToken cancellationToken) =>
        InvokeAsync(scopedServices, binders.Select(b => b(timer, cancellationToken)).ToArray());

    internal static TimerFunctionDescriptor Create(string name, MethodInfo method, TimerTriggerAttribute trigger)
    {
        RequireNoResult(name, method);
        var binders = method.GetParameters().Select(Func<TimerInfo, CancellationToken, object?> (p) =>
        {
            if (p.ParameterType == typeof(TimerInfo))
            {
                return (timer, _) => timer;
            }

            if (p.ParameterType == typeof(CancellationToken))
            {
                return (_, token) => token;
            }

            throw Unsupported(name, p, "is not supported in a timer function (TimerInfo and CancellationToken are).");
        }).ToArray();
        return new TimerFunctionDescriptor(name, method, trigger, binders);
    }
}

/// <summary>A queue-triggered function; <see cref="QueueName"/> is the logical name (or <c>%Setting%</c>) as written.</summary>
public sealed class QueueFunctionDescriptor : FunctionDescriptor
{
    private readonly Func<QueueMessage, CancellationToken, object?>[] binders;

    private QueueFunctionDescriptor(string name, MethodInfo method, QueueTriggerAttribute trigger, Func<QueueMessage, CancellationToken, object?>[] binders)
        : base(name, method)
    {
        this.binders = binders;
        QueueName = trigger.QueueName;
    }

    public string QueueName { get; }

    /// <summary>Binds the message (string, BinaryData, byte[], QueueMessage or a JSON POCO) and invokes the function.</summary>
    public Task InvokeAsync(IServiceProvider scopedServices, QueueMessage message, CancellationToken cancellationToken) =>
        InvokeAsync(scopedServices, binders.Select(b => b(message, cancellationToken)).ToArray());

    internal static QueueFunctionDescriptor Create(string name, MethodInfo method, ParameterInfo triggerParameter, QueueTriggerAttribute trigger)
    {
        RequireNoResult(name, method);
        var binders = method.GetParameters().Select(Func<QueueMessage, CancellationToken, object?> (p) =>
        {
            var type = p.ParameterType;
            if (type == typeof(CancellationToken))
            {
                return (_, token) => token;
            }

            if (p.Position != triggerParameter.Position) // by position: ParameterInfo instances are not guaranteed to be the same objects
            {
                throw Unsupported(name, p, "is not supported in a queue function (the message and a CancellationToken are).");
            }

            if (type == typeof(QueueMessage))
            {
                return (message, _) => message;
            }

            if (type == typeof(string))
            {
                return (message, _) => message.Body.ToString();
            }

            if (type == typeof(BinaryData))
            {
                return (message, _) => message.Body;
            }

            if (type == typeof(byte[]))
            {
                return (message, _) => message.Body.ToArray();
            }

            if (type == typeof(FunctionContext) || IsSimple(type) || type.IsAbstract || type.IsInterface)
            {
                throw Unsupported(name, p, "cannot carry a queue message (string, BinaryData, byte[], QueueMessage or a JSON POCO can).");
            }

            return (message, _) => JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, JsonSerializerOptions.Web);
        }).ToArray();
        return new QueueFunctionDescriptor(name, method, trigger, binders);
    }
}
