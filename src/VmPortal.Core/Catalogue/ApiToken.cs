namespace VmPortal.Core.Catalogue;

/// <summary>
/// <see cref="Session"/>: from <c>POST /api/auth/token</c>; <see cref="Personal"/>: named, from the tokens page;
/// <see cref="Browser"/>: a signed-in browser's session, which the cookie names — never a bearer token.
/// </summary>
public enum ApiTokenKind { Session, Personal, Browser }

/// <summary>
/// A bearer token of one user: only the SHA-256 hash of its secret is stored, so the database cannot hand it out.
/// Session tokens come from <c>POST /api/auth/token</c>; personal tokens are named and made on the tokens page; browser
/// sessions are what a sign-in cookie stands for, so signing out (or an Admin revoking a user's tokens) ends them here.
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
