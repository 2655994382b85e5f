namespace VmPortal.Core;

/// <summary>
/// A start-up problem the user can fix (bad path, unreachable storage, busy port). Its message is one
/// line that says what to fix; the portal prints it instead of a stack trace.
/// </summary>
public sealed class PortalStartupException(string message, Exception? inner = null) : Exception(message, inner);
