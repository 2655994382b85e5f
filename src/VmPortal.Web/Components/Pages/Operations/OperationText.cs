using System.Globalization;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Web.Localization;

namespace VmPortal.Web.Components.Pages.Operations;

/// <summary>How an operation reads: its duration so far and a link to what it acts on.</summary>
public static class OperationText
{
    /// <summary>
    /// Whether an ended operation's status message only repeats its status ("Succeeded", "已成功" — in whichever language it
    /// was run): then a list shows the status alone; a message with more to say (a clean-up note) is shown.
    /// </summary>
    public static bool RepeatsStatus(OperationView operation) =>
        operation.StatusMessage is null || PortalCultures.Supported.Any(culture =>
            operation.StatusMessage == OperationMessages.GetIn(culture, "StatusSucceeded") || operation.StatusMessage == OperationMessages.GetIn(culture, "StatusFailed"));

    public static string Duration(DateTimeOffset started, DateTimeOffset? completed)
    {
        var span = (completed ?? DateTimeOffset.UtcNow) - started;
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds < 60 ? OperationsText.Format("Seconds", span.TotalSeconds.ToString("0.#", CultureInfo.CurrentCulture))
            : span.TotalMinutes < 60 ? OperationsText.Format("MinutesSeconds", (int)span.TotalMinutes, span.Seconds)
            : OperationsText.Format("HoursMinutes", (int)span.TotalHours, span.Minutes);
    }

    /// <summary>
    /// Where a target (of an operation or an audit entry) is shown: <c>cloud-services/shop/vms/web1</c> → its VM page,
    /// <c>cloud-services/shop</c> → the VM list narrowed to it, <c>images/x</c> → the image, <c>disks/d</c> → the disk list
    /// found by its name, <c>operations/{id}</c> → the operation; anything else has no page.
    /// </summary>
    public static string? Href(string target)
    {
        var parts = target.Split(' ')[0].Split('/');
        return parts switch
        {
            ["cloud-services", var service, "vms", var vm] => $"vms/{service}/{vm}",
            ["cloud-services", var service] => VirtualMachines.VmListFilter.ForService(service),
            ["images", var image] => $"images/{image}",
            ["disks", var disk] => DiskLink(disk),
            ["operations", var id] when Guid.TryParse(id, out var operation) => Shared.OperationLinks.Page(operation),
            _ => null,
        };
    }

    /// <summary>The disk list showing one disk (a search by its whole name).</summary>
    public static string DiskLink(string disk) => $"disks?search={Uri.EscapeDataString(disk)}";

    /// <summary>What an operation acts on, each with its page when it has one: its target, and the image it captures or deploys.</summary>
    public static IReadOnlyList<(string Text, string? Href)> Resources(OperationView operation)
    {
        var target = operation.Target;
        var resources = new List<(string, string?)> { (TargetText(target), Href(target)) };
        if (operation.ImageName is { } image && Href(target) != $"images/{image}")
            resources.Add((OperationsText.Format("TargetImage", image), $"images/{Uri.EscapeDataString(image)}"));
        return resources;
    }

    /// <summary><c>cloud-services/shop/vms/web1</c> → "VM shop/web1"; <c>images/x</c> → "image x".</summary>
    public static string TargetText(string target)
    {
        var more = target.Contains(' ', StringComparison.Ordinal) ? target[target.IndexOf(' ', StringComparison.Ordinal)..] : "";
        return target.Split(' ')[0].Split('/') switch
        {
            ["cloud-services", var service, "vms", var vm] => OperationsText.Format("TargetVm", $"{service}/{vm}{more}"),
            ["images", var image] => OperationsText.Format("TargetImage", image),
            ["disks", var disk] => OperationsText.Format("TargetDisk", disk),
            _ => target,
        };
    }

    /// <summary>A live update applied to a row already shown.</summary>
    public static OperationView Apply(OperationView row, OperationUpdate update) => row with
    {
        Status = update.Status,
        Progress = update.Progress,
        StatusMessage = update.StatusMessage,
        CompletedTime = update.Status == OperationStatus.InProgress ? null : row.CompletedTime ?? DateTimeOffset.UtcNow,
        Error = update.Status == OperationStatus.Failed && update.ErrorCode is { } code ? new OperationErrorView(code, update.ErrorMessage ?? "") : row.Error,
        Steps = update.Steps.Count > 0 ? update.Steps : row.Steps,
        Disks = update.Disks.Count > 0 ? update.Disks : row.Disks,
    };

    /// <summary>How long a step took, or has taken so far.</summary>
    public static string StepDuration(OperationStep step, DateTimeOffset now) => Duration(step.StartedTime, step.EndedTime ?? now);
}
