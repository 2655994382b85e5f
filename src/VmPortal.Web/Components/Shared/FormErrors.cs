using VmPortal.Core;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// A form's messages by field, named as the API names them (<c>provisioning.adminPassword</c>,
/// <c>dataDiskConfigurations[0].hostCaching</c>): checks run in the browser and the server's refusal
/// (<see cref="PortalError.Field"/>) land in the same place. A refusal no shown field displays is <see cref="Unplaced"/>.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.OrdinalIgnoreCase);
    private PortalError? _server;

    public bool Any => _byField.Count > 0 || _server is not null;

    /// <summary>The server's answer replaces whatever it said before.</summary>
    public void Set(PortalError? error) => _server = error;

    public PortalError? Server => _server;

    /// <summary>Replaces the local checks' messages.</summary>
    public void SetLocal(IReadOnlyDictionary<string, string> messages)
    {
        _byField.Clear();
        foreach (var (field, message) in messages) _byField[field] = message;
    }

    public bool Has(string field) => Of(field) is not null;

    public string? Of(string field) =>
        _server?.Field is { } f && f.Equals(field, StringComparison.OrdinalIgnoreCase) ? _server.Message
        : _byField.TryGetValue(field, out var message) ? message : null;

    public PortalError? Unplaced(IEnumerable<string> shown) =>
        _server is { } e && (e.Field is null || !shown.Contains(e.Field, StringComparer.OrdinalIgnoreCase)) ? e : null;

    /// <summary>The server's message about <paramref name="field"/> is stale once the field changes.</summary>
    public void Changed(string field)
    {
        if (_server?.Field is { } f && f.Equals(field, StringComparison.OrdinalIgnoreCase)) _server = null;
    }
}
