using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// Tab completion from the connected portal: each completer reads one list and offers the names that start with what
/// was typed (any case), quoted when they hold a space. Without a connection, or when the portal does not answer, it
/// offers nothing rather than an error in the middle of typing.
/// </summary>
public abstract class PortalCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (PortalSession.TryCurrent is not { } session) return [];
        var typed = wordToComplete.Trim('\'', '"');
        try
        {
            return Names(session, fakeBoundParameters)
                .Where(n => !string.IsNullOrEmpty(n) && n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(n.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`') ? $"'{n.Replace("'", "''")}'" : n,
                    n, CompletionResultType.ParameterValue, n))
                .ToList();
        }
        catch (Exception e) when (e is PortalApiException or HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    private protected abstract IEnumerable<string> Names(PortalSession session, IDictionary bound);

    private protected static IEnumerable<string> Strings(IEnumerable<JsonNode?> items, string member) =>
        items.Select(i => i?[member]?.GetValue<string>()).OfType<string>();
}

/// <summary>Image names, OS images and VM images.</summary>
public sealed class ImageNameCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) => Strings(session.GetAll("/api/images"), "name");
}

/// <summary>Image families the gallery's images belong to.</summary>
public sealed class ImageFamilyCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) => Strings(session.GetAll("/api/images"), "imageFamily");
}

/// <summary>Cloud service names.</summary>
public sealed class ServiceNameCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) => Strings(session.GetAll("/api/cloud-services"), "name");
}

/// <summary>VM names, of the cloud service named by <c>-ServiceName</c> when it is given.</summary>
public sealed class VmNameCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) =>
        Strings(session.GetAll(bound["ServiceName"] is { } service ? $"/api/vms?service={PortalSession.Segment(service.ToString()!)}" : "/api/vms"), "name");
}

/// <summary>Locations (regions).</summary>
public sealed class LocationCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) => Strings(session.Get("/api/locations")!.AsArray(), "name");
}

/// <summary>Instance sizes.</summary>
public sealed class InstanceSizeCompleter : PortalCompleter
{
    private protected override IEnumerable<string> Names(PortalSession session, IDictionary bound) => Strings(session.Get("/api/instance-sizes")!.AsArray(), "name");
}
