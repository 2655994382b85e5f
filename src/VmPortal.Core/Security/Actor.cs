namespace VmPortal.Core.Security;

/// <summary>
/// Who asks for a change, from where, and the request as the audit keeps it (secrets already redacted). A service that
/// makes the change records it with this actor inside the change's own transaction (<see cref="AuditLog.Record"/>): the
/// change and its audit entry commit together or not at all. <see cref="Recorded"/> tells the caller's boundary (the API,
/// a page) that it need not write an entry of its own.
/// </summary>
public sealed class Actor(string? userName, string? clientAddress = null, string? detail = null)
{
    public string? UserName { get; } = userName;
    public string? ClientAddress { get; } = clientAddress;
    public string? Detail { get; } = detail;

    /// <summary>Set once a service has put this request's audit entry into the unit of work it saves.</summary>
    public bool Recorded { get; private set; }

    internal void MarkRecorded() => Recorded = true;

    /// <summary>The portal itself (seeding, scheduled work).</summary>
    public static Actor Portal => new("portal");

    /// <summary>A user known by name only (tests, tools); the API and pages also give the address and request.</summary>
    public static implicit operator Actor(string userName) => new(userName);

    public override string ToString() => UserName ?? "(anonymous)";
}
