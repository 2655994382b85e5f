using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Components.Pages.VirtualMachines.Capture;

/// <summary>What the prepare step offers to clear a blocker: shut the VM down, or generalize its OS.</summary>
public enum PrepareAction { Stop, Generalize }

/// <summary>An operation the wizard started (stop, generalize, capture), as its live updates move it.</summary>
public sealed record TrackedOperation(Guid Id, string Kind, OperationStatus Status, int Progress, string? StatusMessage, string? ErrorMessage)
{
    public bool Running => Status == OperationStatus.InProgress;

    /// <summary>The disks it copies, each with its bytes (a capture).</summary>
    public IReadOnlyList<DiskProgress> Disks { get; init; } = [];

    public static TrackedOperation From(OperationView o) =>
        new(o.Id, o.Kind, o.Status, o.Progress, o.StatusMessage, o.Error?.Message) { Disks = o.Disks ?? [] };

    public static TrackedOperation From(OperationUpdate u) =>
        new(u.Id, u.Kind, u.Status, u.Progress, u.StatusMessage, u.ErrorMessage) { Disks = u.Disks };
}

/// <summary>
/// What the capture wizard holds across its steps: the user's choices and typing (so Back loses nothing),
/// the latest preview from <see cref="CaptureService.PreviewAsync"/> and the operations it started. Which
/// step may be left is decided here, from the preview's blockers and warnings — never from rules of its own.
/// </summary>
public sealed class CaptureWizardState
{
    public const int KindStep = 0, PrepareStep = 1, DetailsStep = 2, ReviewStep = 3;

    public OsState? Kind { get; set; }
    public string ImageName { get; set; } = "";
    /// <summary>Set once the user has typed a name or tried to go on: name errors show from then on.</summary>
    public bool NameTouched { get; set; }
    public string Label { get; set; } = "";
    public string Description { get; set; } = "";
    public string ImageFamily { get; set; } = "";
    /// <summary>The image's version in its family (MAJOR.MINOR.PATCH); the form suggests the family's next.</summary>
    public string Version { get; set; } = "";
    public string Language { get; set; } = "";
    public string? RecommendedSize { get; set; }
    public bool DeleteSourceDisks { get; set; }
    public HashSet<string> Acknowledged { get; } = [];

    /// <summary>The VM being captured: a capture that deletes it asks for its name, typed exactly, first.</summary>
    public string VmName { get; set; } = "";
    public string ConfirmedName { get; set; } = "";

    /// <summary>A generalized capture deletes the VM once the image is committed.</summary>
    public bool DeletesVm => Kind == OsState.Generalized;

    /// <summary>The typed name matches exactly — the case too, as Azure asks it.</summary>
    public bool Confirmed => !DeletesVm || string.Equals(ConfirmedName, VmName, StringComparison.Ordinal);

    /// <summary>The preview for the current choices; null while the first one loads.</summary>
    public CapturePreview? Preview { get; set; }
    /// <summary>True while the choices changed and the preview for them has not come back yet.</summary>
    public bool PreviewPending { get; set; }
    public string? PreviewError { get; set; }

    public TrackedOperation? Preparing { get; set; }
    public TrackedOperation? Capture { get; set; }
    public PortalError? CaptureRefused { get; set; }

    /// <summary>A capture runs or has succeeded; after a failure the user may fix things and capture again.</summary>
    public bool CaptureStarted => Capture is { Status: not OperationStatus.Failed };

    public CaptureRequest ToRequest() => new(
        Kind?.ToString(), ImageName.Trim(), Blank(Label), Blank(Description), Blank(Language), Blank(ImageFamily),
        RecommendedSize, Kind == OsState.Generalized && DeleteSourceDisks, Version: Blank(Version));

    /// <summary>What stands in the way of the VM's state (VmBusy, VmNotStopped, VmNotGeneralized): blockers not tied to a field.</summary>
    public IReadOnlyList<PortalError> StateBlockers => Preview?.Blockers.Where(b => b.Field is null).ToList() ?? [];

    /// <summary>
    /// What the prepare step shows: one coherent account. While the VM is busy, only that (what else stands in the way is
    /// for after); otherwise every state blocker.
    /// </summary>
    public IReadOnlyList<PortalError> ShownBlockers =>
        StateBlockers.FirstOrDefault(b => b.Code == ErrorCodes.VmBusy) is { } busy ? [busy] : StateBlockers;

    public PortalError? NameProblem => Preview?.Blockers.FirstOrDefault(b => b.Field == "imageName");

    public IReadOnlyList<CaptureWarning> Warnings => Preview?.Warnings ?? [];

    public bool AllAcknowledged => Warnings.All(w => Acknowledged.Contains(w.Code));

    public bool Acknowledge(string code, bool understood) => understood ? Acknowledged.Add(code) : Acknowledged.Remove(code);

    /// <summary>Whether the user may go on from this step; each step's own message says why not.</summary>
    public bool CanLeave(int step) => step switch
    {
        KindStep => Kind is not null,
        PrepareStep => Preview is not null && !PreviewPending && Preparing is not { Running: true }
                       && StateBlockers.Count == 0 && AllAcknowledged,
        DetailsStep => Preview is not null && !PreviewPending && NameProblem is null,
        _ => false,
    };

    public bool CanCapture => CanLeave(PrepareStep) && CanLeave(DetailsStep) && Preview!.CanCapture && Confirmed && !CaptureStarted;

    /// <summary>
    /// Takes an update of an operation the wizard started, unless it is older than what is known (an update
    /// read back after subscribing may trail a pushed one). True when it changed something.
    /// </summary>
    public bool Apply(TrackedOperation op)
    {
        static bool Newer(TrackedOperation op, TrackedOperation? known) =>
            known?.Id == op.Id && known.Running && (!op.Running || op.Progress >= known.Progress);
        if (Newer(op, Preparing)) Preparing = op;
        else if (Newer(op, Capture)) Capture = op;
        else return false;
        return true;
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
