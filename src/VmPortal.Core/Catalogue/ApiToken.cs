namespace VmPortal.Core.Catalogue;

public enum ApiTokenKind { Session, Personal }

/// <summary>
/// A bearer token of one user: only the SHA-256 hash of its secret is stored, so the database cannot hand it out.
/// Session tokens come from <c>POST /api/auth/token</c>; personal tokens are named and made on the tokens page.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token text.</summary>
    public required string Hash { get; set; }
    public ApiTokenKind Kind { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedTime { get; set; }
    public DateTimeOffset? LastUsedTime { get; set; }
}
