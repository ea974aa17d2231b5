using System.Reflection;

namespace ResearchKit.Notebooks;

/// <summary>
/// Publishes one display with several representations into the running .NET Interactive cell, through the kernel's
/// public API (<c>KernelInvocationContext.Current.Publish(new DisplayedValueProduced(...))</c>) found by reflection,
/// so the library needs no reference to the kernel. Outside a kernel it does nothing.
/// </summary>
internal static class KernelDisplay
{
    private const string Interactive = "Microsoft.DotNet.Interactive";

    /// <summary>Displays <paramref name="value"/> as <paramref name="mimeType"/> plus <paramref name="plainText"/> as text/plain.</summary>
    /// <returns>True when a kernel received it.</returns>
    public static bool Publish(string value, string mimeType, string plainText)
    {
        var contextType = FindType(Interactive, $"{Interactive}.KernelInvocationContext");
        var formattedType = FindType($"{Interactive}.Formatting", $"{Interactive}.Formatting.FormattedValue");
        var eventType = FindType(Interactive, $"{Interactive}.Events.DisplayedValueProduced");
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        if (context is null || formattedType is null || eventType is null) return false;

        var values = Array.CreateInstance(formattedType, 2);
        values.SetValue(Activator.CreateInstance(formattedType, mimeType, value), 0);
        values.SetValue(Activator.CreateInstance(formattedType, "text/plain", plainText), 1);
        var command = contextType!.GetProperty("Command")?.GetValue(context);
        var constructor = eventType.GetConstructors().FirstOrDefault(c => c.GetParameters().Length >= 3);
        var publish = contextType.GetMethods().FirstOrDefault(m => m.Name == "Publish"
            && m.GetParameters() is [var p] && p.ParameterType.IsAssignableFrom(eventType));
        if (constructor is null || command is null || publish is null) return false;

        var args = new object?[constructor.GetParameters().Length];
        args[0] = value;
        args[1] = command;
        args[2] = values;
        if (args.Length > 3) args[3] = Guid.NewGuid().ToString(); // display id
        publish.Invoke(context, [constructor.Invoke(args)]);
        return true;
    }

    // Last loaded wins, as with any other type resolution by name in a kernel that loaded it once.
    private static Type? FindType(string assemblyName, string typeName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || assembly.GetName().Name != assemblyName) continue;
            if (assembly.GetType(typeName, throwOnError: false) is { } type) return type;
        }
        return null;
    }
}
