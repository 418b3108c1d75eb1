using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Outreach.Core.Common.Configuration;

namespace Outreach.Infrastructure.Tests;

/// <summary>
/// The configuration keys the app reads, found by convention in Outreach.Core: every class whose
/// name ends in <c>Options</c> and that has a <c>const string Section</c> is bound to that section,
/// and each of its public settable properties is a key. Keys are given in app-setting form
/// (<c>Section__Property</c>; a top-level key, Section "", is the bare property name).
/// </summary>
internal static class ConfigurationKeys
{
    public const string Separator = "__";

    public static Assembly CoreAssembly => typeof(OutreachOptions).Assembly;

    /// <summary>The option classes found, with their section.</summary>
    public static IReadOnlyList<(Type Type, string Section)> OptionClasses() =>
        CoreAssembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (x.Type, Section: (string)x.Field!.GetRawConstantValue()!))
            .OrderBy(x => x.Type.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every key, with the option class and property it comes from.</summary>
    public static IReadOnlyList<ConfigurationKey> All()
    {
        var keys = new List<ConfigurationKey>();
        foreach (var (type, section) in OptionClasses())
        {
            var prefix = section.Length == 0 ? "" : section.Replace(":", Separator, StringComparison.Ordinal) + Separator;
            AddProperties(type, prefix, $"{type.Name}", keys, depth: 0);
        }

        return keys;
    }

    private static void AddProperties(Type type, string prefix, string origin, List<ConfigurationKey> keys, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = prefix + KeyName(property);
            var from = $"{origin}.{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                keys.Add(new ConfigurationKey(name, from, IsPrefix: false));
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType) || depth >= 4)
            {
                // A list or dictionary is set as Key__0, Key__1 / Key__name: any setting under it counts.
                keys.Add(new ConfigurationKey(name, from, IsPrefix: true));
            }
            else
            {
                AddProperties(propertyType, name + Separator, from, keys, depth + 1);
            }
        }
    }

    /// <summary>The property's name, or the one <c>[ConfigurationKeyName]</c> gives it.</summary>
    private static string KeyName(PropertyInfo property)
    {
        var renamed = property.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType.Name == "ConfigurationKeyNameAttribute");
        return renamed?.ConstructorArguments.FirstOrDefault().Value as string ?? property.Name;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset) ||
        type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(Uri) || type == typeof(Guid);
}

/// <param name="Name">App-setting name, e.g. <c>Mail__FromAddress</c>.</param>
/// <param name="From">Where it comes from, e.g. <c>MailOptions.FromAddress</c>.</param>
/// <param name="IsPrefix">A collection: satisfied by any setting named <c>Name__...</c>.</param>
internal sealed record ConfigurationKey(string Name, string From, bool IsPrefix)
{
    public bool IsSetBy(IEnumerable<string> settingNames) =>
        settingNames.Any(s => IsPrefix
            ? s.StartsWith(Name + ConfigurationKeys.Separator, StringComparison.OrdinalIgnoreCase)
            : string.Equals(s, Name, StringComparison.OrdinalIgnoreCase));
}
