using MudBlazor;
using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// How an image's protection, lifecycle and recycle-bin state read on every page, in one place (the portal has no resources
/// yet; the translation issue moves these into them).
/// </summary>
public static class LifecycleText
{
    public const string Protected = "Protected";
    public const string ProtectedHint = "Protected: it cannot be deleted or purged until its protection is cleared.";
    public const string DeleteRefused = "This image is protected; clear its protection on this page before deleting it.";
    public const string InRecycleBin = "In the recycle bin";

    public static string Badge(ImageLifecycleView lifecycle) => lifecycle.State switch
    {
        LifecycleState.Deprecated => $"Deprecated since {Day(lifecycle.DeprecateAt)}" + (lifecycle.Replacement is { } r ? $" → {r}" : ""),
        LifecycleState.Obsolete => "Obsolete" + (lifecycle.Replacement is { } r ? $" → {r}" : ""),
        _ => "Active",
    };

    public static Color BadgeColor(LifecycleState state) => state == LifecycleState.Obsolete ? Color.Error : Color.Warning;

    /// <summary>The deploy form's banner for a deprecated image: deploys still work.</summary>
    public static string DeprecatedBanner(ImageView image) =>
        $"This image is deprecated since {Day(image.Lifecycle.DeprecateAt)}" +
        (image.Lifecycle.ObsoleteAt is { } obsolete ? $" and becomes obsolete on {Day(obsolete)}, when deploys from it stop" : "") + ". " +
        (image.Lifecycle.Replacement is { } r ? $"Use {r} instead; you can still deploy this one." : "You can still deploy it, but pick another image if you can.");

    /// <summary>The deploy form's banner for an obsolete image: deploys are refused.</summary>
    public static string ObsoleteBanner(ImageView image) =>
        $"This image is obsolete since {Day(image.Lifecycle.ObsoleteAt)} and no longer deploys. " +
        (image.Lifecycle.Replacement is { } r ? $"Deploy {r} instead." : "Pick another image.");

    /// <summary>"Deprecated since …, obsolete on …" for the image page, or that no date is set.</summary>
    public static string Schedule(ImageLifecycleView lifecycle)
    {
        var deprecate = lifecycle.DeprecateAt is { } d ? $"{(lifecycle.State == LifecycleState.Active ? "deprecated on" : "deprecated since")} {Day(d)}" : null;
        var obsolete = lifecycle.ObsoleteAt is { } o ? $"{(lifecycle.State == LifecycleState.Obsolete ? "obsolete since" : "obsolete on")} {Day(o)}" : null;
        var dates = string.Join(", ", new[] { deprecate, obsolete }.OfType<string>());
        return dates.Length == 0 ? "No deprecation planned." : char.ToUpperInvariant(dates[0]) + dates[1..] + ".";
    }

    public static string State(LifecycleState state) => state.ToString();

    public static string Deleted(ImageView image) => $"Deleted {Date(image.DeletedTime)}";

    public static string PurgeAt(ImageView image) => $"Purged {Date(image.PurgeAt)}";

    public static string Day(DateTimeOffset? date) =>
        date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static string Date(DateTimeOffset? date) => date is { } d ? ImageText.Date(d) : "—";
}
