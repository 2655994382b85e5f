namespace VmPortal.Core.Catalogue;

/// <summary>
/// Accepted or refused, for a request; Succeeded or Failed, for how the long work a request queued ended (an operation's
/// outcome is recorded in the same transaction that completes it, under the requester's name).
/// </summary>
public enum AuditOutcome { Accepted, Refused, Succeeded, Failed }

/// <summary>Who did what to which resource, when, from where, and whether it was accepted (or refused, with the code).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset Time { get; set; }
    /// <summary>The signed-in user's name, or the name a sign-in attempt claimed; <c>null</c> when anonymous.</summary>
    public string? UserName { get; set; }
    /// <summary>What was done: <c>POST /api/cloud-services/{service}/vms</c>, <c>vm.start</c>, <c>signin</c>, …</summary>
    public required string Action { get; set; }
    /// <summary>What it was done to: a request path or <c>cloud-services/shop/vms/web1</c>, <c>users/alice</c>, …</summary>
    public string? Resource { get; set; }
    public string? IpAddress { get; set; }
    public AuditOutcome Outcome { get; set; }
    /// <summary>The refusal's stable code (API.md "Errors"), or the HTTP status for an accepted API call.</summary>
    public string? Code { get; set; }
    /// <summary>The request with every secret removed (passwords, SSH keys, tokens, keys), at most 4,000 characters.</summary>
    public string? Detail { get; set; }
}
