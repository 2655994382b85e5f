using MudBlazor;
using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>How an image's protection, lifecycle and recycle-bin state read on every page, in one place (words in ImageText.resx).</summary>
public static class LifecycleText
{
    public static string Protected => ImageText.Get("Protected");
    public static string ProtectedHint => ImageText.Get("ProtectedHint");
    public static string DeleteRefused => ImageText.Get("DeleteRefused");
    public static string InRecycleBin => ImageText.Get("InRecycleBin");

    public static string Badge(ImageLifecycleView lifecycle) => lifecycle.State switch
    {
        LifecycleState.Deprecated => ImageText.Format("BadgeDeprecatedSince", Day(lifecycle.DeprecateAt)) + Replacement(lifecycle),
        LifecycleState.Obsolete => ImageText.Get("BadgeObsolete") + Replacement(lifecycle),
        _ => ImageText.Get("BadgeActive"),
    };

    public static Color BadgeColor(LifecycleState state) => state == LifecycleState.Obsolete ? Color.Error : Color.Warning;

    /// <summary>The deploy form's banner for a deprecated image: deploys still work.</summary>
    public static string DeprecatedBanner(ImageView image)
    {
        var (since, replacement) = (Day(image.Lifecycle.DeprecateAt), image.Lifecycle.Replacement);
        return image.Lifecycle.ObsoleteAt is { } obsolete
            ? replacement is null
                ? ImageText.Format("BannerDeprecatedObsoleteOn", since, Day(obsolete))
                : ImageText.Format("BannerDeprecatedObsoleteOnReplacement", since, Day(obsolete), replacement)
            : replacement is null
                ? ImageText.Format("BannerDeprecated", since)
                : ImageText.Format("BannerDeprecatedReplacement", since, replacement);
    }

    /// <summary>The deploy form's banner for an obsolete image: deploys are refused.</summary>
    public static string ObsoleteBanner(ImageView image) => image.Lifecycle.Replacement is { } r
        ? ImageText.Format("BannerObsoleteReplacement", Day(image.Lifecycle.ObsoleteAt), r)
        : ImageText.Format("BannerObsolete", Day(image.Lifecycle.ObsoleteAt));

    /// <summary>"Deprecated since …, obsolete on …" for the image page, or that no date is set.</summary>
    public static string Schedule(ImageLifecycleView lifecycle)
    {
        var deprecate = lifecycle.DeprecateAt is { } d
            ? lifecycle.State == LifecycleState.Active ? ImageText.Format("ScheduleDeprecateOn", Day(d)) : ImageText.Format("ScheduleDeprecatedSince", Day(d))
            : null;
        var obsolete = lifecycle.ObsoleteAt is { } o
            ? lifecycle.State == LifecycleState.Obsolete ? ImageText.Format("ScheduleObsoleteSince", Day(o)) : ImageText.Format("ScheduleObsoleteOn", Day(o))
            : null;
        var dates = string.Join(ImageText.Get("ScheduleSeparator"), new[] { deprecate, obsolete }.OfType<string>());
        return dates.Length == 0 ? ImageText.Get("NoDeprecationPlanned") : ImageText.Format("ScheduleSentence", char.ToUpperInvariant(dates[0]) + dates[1..]);
    }

    public static string Day(DateTimeOffset? date) =>
        date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static string Replacement(ImageLifecycleView lifecycle) => lifecycle.Replacement is { } r ? $" → {r}" : "";
}
