using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Components.Pages.Operations;

/// <summary>How an operation reads: its duration so far and a link to what it acts on.</summary>
public static class OperationText
{
    public static string Duration(DateTimeOffset started, DateTimeOffset? completed)
    {
        var span = (completed ?? DateTimeOffset.UtcNow) - started;
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.#} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    /// <summary><c>cloud-services/shop/vms/web1</c> → <c>vms/shop/web1</c>; <c>images/x</c> stays; anything else has no page.</summary>
    public static string? Href(string target)
    {
        var parts = target.Split(' ')[0].Split('/');
        return parts switch
        {
            ["cloud-services", var service, "vms", var vm] => $"vms/{service}/{vm}",
            ["images", var image] => $"images/{image}",
            _ => null,
        };
    }

    /// <summary>A live update applied to a row already shown.</summary>
    public static OperationView Apply(OperationView row, OperationUpdate update) => row with
    {
        Status = update.Status,
        Progress = update.Progress,
        StatusMessage = update.StatusMessage,
        CompletedTime = update.Status == OperationStatus.InProgress ? null : row.CompletedTime ?? DateTimeOffset.UtcNow,
        Error = update.ErrorCode is { } code ? new OperationErrorView(code, update.ErrorMessage ?? "") : row.Error,
    };
}
