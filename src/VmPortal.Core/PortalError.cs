using System.Diagnostics.CodeAnalysis;

namespace VmPortal.Core;

/// <summary>
/// A refusal: a stable <see cref="Code"/> (<see cref="ErrorCodes"/>) and a sentence a person can act on.
/// <see cref="Field"/> names the input at fault, so a form can show the message beside it.
/// </summary>
public sealed record PortalError(string Code, string Message, string? Field = null)
{
    public static PortalError NotFound(string what) => new(ErrorCodes.NotFound, CoreMessages.Format("NotFound", what));
    public static PortalError Validation(string field, string message) => new(ErrorCodes.ValidationFailed, message, field);
}

/// <summary>What a service returns: a value, or the one refusal that applies (API.md's order of checks).</summary>
public sealed class PortalResult<T>
{
    private PortalResult(T? value, PortalError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public PortalError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value of a call that cannot be refused as the caller made it (valid paging, say); a refusal is a bug there.</summary>
    public T Expect() => Succeeded ? Value : throw new InvalidOperationException($"Unexpected refusal {Error.Code}: {Error.Message}");

    public static implicit operator PortalResult<T>(T value) => new(value, null);
    public static implicit operator PortalResult<T>(PortalError error) => new(default, error);
}
