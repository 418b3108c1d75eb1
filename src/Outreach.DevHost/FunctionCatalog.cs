using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Outreach.DevHost;

/// <summary>
/// Every <c>[Function]</c> of an assembly, found by reflection, with its trigger. The DevHost serves exactly these:
/// routes, schedules and queue names are read from the attributes, never copied.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    /// <summary>The name of the Functions app's assembly, loaded by name so no function class is referenced here.</summary>
    public const string FunctionsAssemblyName = "Outreach.Functions";

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IEnumerable<HttpFunctionDescriptor> Http => Functions.OfType<HttpFunctionDescriptor>();

    public IEnumerable<TimerFunctionDescriptor> Timers => Functions.OfType<TimerFunctionDescriptor>();

    public IEnumerable<QueueFunctionDescriptor> Queues => Functions.OfType<QueueFunctionDescriptor>();

    /// <summary>The classes that declare functions; the DevHost registers each one in DI (transient).</summary>
    public IEnumerable<Type> FunctionClasses => Functions.Select(f => f.Method.DeclaringType!).Where(t => !t.IsAbstract).Distinct();

    public static FunctionCatalog ForFunctionsApp() => FromAssembly(Assembly.Load(FunctionsAssemblyName));

    public static FunctionCatalog FromAssembly(Assembly assembly) => FromTypes(assembly.GetTypes());

    /// <summary>
    /// Describes the functions declared by <paramref name="types"/>. Throws <see cref="FunctionSignatureException"/>
    /// naming the function when a signature is one the DevHost cannot serve.
    /// </summary>
    public static FunctionCatalog FromTypes(params IEnumerable<Type> types)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (var type in types.Where(t => t.IsClass))
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(flags))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    functions.Add(Describe(function.Name, method));
                }
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FunctionSignatureException(duplicate.Key, "two methods carry this function name.");
        }

        return new FunctionCatalog(functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList());
    }

    private static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        if (method.GetCustomAttributes().OfType<OutputBindingAttribute>().Any())
        {
            throw new FunctionSignatureException(name, "output bindings are not supported by the DevHost; write through an injected client instead.");
        }

        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes().OfType<TriggerBindingAttribute>().Select(a => (Parameter: p, Attribute: a)))
            .ToList();
        if (triggers.Count != 1)
        {
            throw new FunctionSignatureException(name, $"expected exactly one trigger parameter, found {triggers.Count}.");
        }

        var (parameter, trigger) = triggers[0];
        return trigger switch
        {
            HttpTriggerAttribute http => HttpFunctionDescriptor.Create(name, method, http),
            TimerTriggerAttribute timer => TimerFunctionDescriptor.Create(name, method, timer),
            QueueTriggerAttribute queue => QueueFunctionDescriptor.Create(name, method, parameter, queue),
            _ => throw new FunctionSignatureException(name, $"the trigger {trigger.GetType().Name} is not supported by the DevHost (HTTP, timer and queue triggers are)."),
        };
    }
}

/// <summary>A function signature the DevHost cannot serve; thrown at start-up, naming the function.</summary>
public sealed class FunctionSignatureException(string functionName, string problem)
    : InvalidOperationException($"The DevHost cannot serve function '{functionName}': {problem}")
{
    public string FunctionName { get; } = functionName;
}
