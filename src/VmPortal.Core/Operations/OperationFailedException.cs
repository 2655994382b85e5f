namespace VmPortal.Core.Operations;

/// <summary>A handler's way to end its operation as Failed with a stable code (API.md) and a sentence a person can act on.</summary>
public sealed class OperationFailedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
