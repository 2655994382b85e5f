using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Capture;

/// <summary>
/// R10's warnings as data, so the wizard, the API and the PowerShell module all show the same ones.
/// <see cref="Code"/> is stable; <see cref="Message"/> is what a person reads.
/// </summary>
public sealed record CaptureWarning(string Code, string Message)
{
    // Made when asked, so the message is in the reader's language.
    public static CaptureWarning MemoryStateNotCaptured => new(nameof(MemoryStateNotCaptured),
        CaptureMessages.Get("WarningMemoryStateNotCaptured"));

    public static CaptureWarning ShutDownForConsistency => new(nameof(ShutDownForConsistency),
        CaptureMessages.Get("WarningShutDownForConsistency"));

    public static CaptureWarning UnexpectedShutdownDialog => new(nameof(UnexpectedShutdownDialog),
        CaptureMessages.Get("WarningUnexpectedShutdownDialog"));

    /// <summary>The warnings that apply to capturing a VM in this state: none unless it is a running specialized capture.</summary>
    public static IReadOnlyList<CaptureWarning> For(OsState osState, bool running, OsType os) =>
        osState == OsState.Specialized && running
            ? os == OsType.Windows
                ? [MemoryStateNotCaptured, ShutDownForConsistency, UnexpectedShutdownDialog]
                : [MemoryStateNotCaptured, ShutDownForConsistency]
            : [];
}
