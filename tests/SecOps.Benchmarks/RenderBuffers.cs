using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SecOps.Benchmarks;

/// <summary>
/// Where open circuits keep their render trees: per component type, how many instances and how many bytes of
/// RenderTreeFrame buffers they hold (the current and previous trees and the parameter snapshot each component keeps
/// for diffing). Read by reflection from Blazor's internals (CircuitHost, Renderer, ComponentState), so it is a
/// benchmark's diagnostic, never app code; prints nothing when those internals move.
/// </summary>
public sealed class RenderBuffers : CircuitHandler
{
    private static readonly int FrameBytes = Unsafe.SizeOf<RenderTreeFrame>();
    private readonly HashSet<Circuit> _open = [];

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_open)
        {
            _open.Add(circuit);
        }
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        lock (_open)
        {
            _open.Remove(circuit);
        }
        return Task.CompletedTask;
    }

    /// <summary>Prints the component types holding the most frame buffer bytes, per open circuit.</summary>
    public void Print(int top = 25)
    {
        Circuit[] circuits;
        lock (_open)
        {
            circuits = [.. _open];
        }
        if (circuits.Length == 0)
        {
            return;
        }
        var byType = new Dictionary<string, (int Count, long Bytes)>();
        foreach (var circuit in circuits)
        {
            var host = FieldOfType(circuit, t => t.Name == "CircuitHost");
            var renderer = host?.GetType().GetProperty("Renderer", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(host);
            if (FieldOfType(renderer, t => t.IsGenericType && t.Name.StartsWith("Dictionary", StringComparison.Ordinal) && t.GetGenericArguments() is [var key, var value] && key == typeof(int) && value.Name == "ComponentState") is not IDictionary states)
            {
                Console.WriteLine($"   render buffers: Blazor's internals moved, nothing to report (circuit host {host?.GetType().Name ?? "not found"}, renderer {renderer?.GetType().Name ?? "not found"})");
                return;
            }
            foreach (var state in states.Values)
            {
                var component = state!.GetType().GetProperty("Component")?.GetValue(state);
                var name = component?.GetType().Name ?? "?";
                var bytes = FrameBufferBytes(state);
                var (count, total) = byType.GetValueOrDefault(name);
                byType[name] = (count + 1, total + bytes);
            }
        }
        var all = byType.Values.Sum(v => v.Bytes);
        Console.WriteLine($"   render buffers per circuit ({circuits.Length} open): {byType.Values.Sum(v => v.Count) / (double)circuits.Length:F0} components, {all / (double)circuits.Length / 1024:F1} KB of RenderTreeFrame buffers ({FrameBytes} bytes a frame)");
        foreach (var (name, (count, bytes)) in byType.OrderByDescending(p => p.Value.Bytes).Take(top))
        {
            Console.WriteLine($"     {bytes / (double)circuits.Length / 1024,7:F1} KB  {count / (double)circuits.Length,5:F1} x {name}");
        }
    }

    /// <summary>Frame arrays a component state holds: in its render tree builders and its parameter snapshot.</summary>
    private static long FrameBufferBytes(object state)
    {
        long bytes = 0;
        for (var type = state.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                bytes += Frames(field.GetValue(state), depth: 0);
            }
        }
        return bytes;
    }

    private static long Frames(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return 0;
            case RenderTreeFrame[] frames:
                return (long)frames.Length * FrameBytes;
        }
        var type = value.GetType();
        if (depth > 2 || type.Namespace is not { } ns || !ns.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal)
            || !(type.Name.Contains("Builder", StringComparison.Ordinal)))
        {
            return 0;
        }
        long bytes = 0;
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                bytes += Frames(field.GetValue(value), depth + 1);
            }
        }
        return bytes;
    }

    private static object? FieldOfType(object? target, Func<Type, bool> fits)
    {
        for (var type = target?.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly).FirstOrDefault(f => fits(f.FieldType)) is { } field)
            {
                return field.GetValue(target);
            }
        }
        return null;
    }
}
