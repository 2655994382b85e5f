using System.Text.RegularExpressions;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;

namespace VmPortal.Core;

/// <summary>
/// What people read for the codes the API and the audit keep: a VM's status, an operation's kind, an audit action. The one
/// place these words are chosen, for the pages and for the sentences services write; the API's fields keep their codes.
/// </summary>
public static partial class DisplayNames
{
    /// <summary>A VM's status, with the guest's readiness in words: RDP for Windows, SSH for Linux.</summary>
    public static string VmStatus(Catalogue.VmStatus status, OsType os) => status switch
    {
        Catalogue.VmStatus.ReadyRole => "Running",
        Catalogue.VmStatus.RoleStateUnknown => os == OsType.Windows ? "Running — RDP not ready yet" : "Running — SSH not ready yet",
        _ => VmStatus(status),
    };

    /// <summary>A VM's status where its OS does not matter (a filter, a sentence).</summary>
    public static string VmStatus(Catalogue.VmStatus status) => status switch
    {
        Catalogue.VmStatus.ReadyRole => "Running",
        Catalogue.VmStatus.RoleStateUnknown => "Running — not ready yet",
        Catalogue.VmStatus.StartingVM => "Starting",
        Catalogue.VmStatus.StoppingVM => "Stopping",
        Catalogue.VmStatus.StoppedVM => "Stopped",
        Catalogue.VmStatus.StoppedDeallocated => "Stopped (deallocated)",
        Catalogue.VmStatus.Provisioning => "Provisioning",
        Catalogue.VmStatus.ProvisioningFailed => "Provisioning failed",
        Catalogue.VmStatus.DeletingVM => "Deleting",
        _ => Words(status.ToString()),
    };

    /// <summary>An operation's kind: <c>CaptureVmImage</c> → "Capture image".</summary>
    public static string OperationKind(string kind) => kind switch
    {
        OperationKinds.StartVm => "Start VM",
        OperationKinds.StopVm => "Stop VM",
        OperationKinds.RestartVm => "Restart VM",
        OperationKinds.GeneralizeVm => "Generalize VM",
        OperationKinds.ResizeVm => "Resize VM",
        OperationKinds.AttachDataDisk => "Attach data disk",
        OperationKinds.DetachDataDisk => "Detach data disk",
        OperationKinds.DeleteVm => "Delete VM",
        OperationKinds.DeployVm => "Deploy VM",
        OperationKinds.CaptureVmImage => "Capture image",
        OperationKinds.DeleteImage => "Delete image",
        OperationKinds.PurgeImage => "Purge image",
        OperationKinds.ReplicateImage => "Replicate image",
        OperationKinds.RemoveImageReplica => "Remove image replica",
        OperationKinds.DeleteDisk => "Delete disk",
        OperationKinds.RepairStorage => "Repair storage",
        _ => Words(kind),
    };

    /// <summary>An audit action: an operation's kind as above, every other action in the same words (<c>SignIn</c> → "Sign in").</summary>
    public static string AuditAction(string action) => action switch
    {
        AuditActions.PreviewCapture => "Preview capture",
        AuditActions.TagVm => "Tag VM",
        AuditActions.RegisterVmImage => "Register VM image",
        AuditActions.RegisterOsImage => "Register OS image",
        AuditActions.IssueToken => "Issue token",
        AuditActions.SignIn => "Sign in",
        AuditActions.SignOut => "Sign out",
        _ => OperationKind(action),
    };

    /// <summary>
    /// PascalCase, dotted or lower-case codes in words: <c>CreateUser</c> → "Create user"; an older log's <c>user.create</c>
    /// (noun, then verb) → "Create user" too.
    /// </summary>
    private static string Words(string code)
    {
        if (string.IsNullOrWhiteSpace(code)) return code;
        if (code.Split('.') is [var noun, var verb]) code = $"{verb} {noun}";
        var spaced = WordBreak().Replace(code.Replace('_', ' ').Replace('-', ' '), " ").Trim();
        var words = spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w is "VM" or "OS" or "Vm" or "Os" ? w.ToUpperInvariant() : w.ToLowerInvariant()).ToArray();
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial Regex WordBreak();
}
