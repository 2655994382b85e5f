using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Images;

/// <summary>Where an image is in its life, by the clock: usable, usable with a warning, or refused for deploys.</summary>
public enum LifecycleState { Active, Deprecated, Obsolete }

/// <summary>
/// API.md <c>lifecycle</c>: <see cref="State"/> follows <see cref="DeprecateAt"/> and <see cref="ObsoleteAt"/> by the clock;
/// <see cref="Replacement"/> names the image to use instead.
/// </summary>
public sealed record ImageLifecycleView(LifecycleState State, DateTimeOffset? DeprecateAt = null, DateTimeOffset? ObsoleteAt = null, string? Replacement = null);

/// <summary>
/// <c>PATCH</c>'s <c>lifecycle</c>, replaced whole: members left out are cleared. <see cref="State"/> is what a client read and
/// sends back; it is derived from the dates, so it is ignored.
/// </summary>
public sealed record ImageLifecycleUpdate(DateTimeOffset? DeprecateAt = null, DateTimeOffset? ObsoleteAt = null, string? Replacement = null, string? State = null);

/// <summary>Deprecation that means something: a deprecated image deploys with a warning, an obsolete one is refused naming its replacement.</summary>
public static class ImageLifecycle
{
    public static LifecycleState StateAt(Image image, DateTimeOffset now) =>
        image.ObsoleteAt <= now ? LifecycleState.Obsolete
        : image.DeprecateAt <= now ? LifecycleState.Deprecated
        : LifecycleState.Active;

    public static ImageLifecycleView ViewAt(Image image, DateTimeOffset now) =>
        new(StateAt(image, now), image.DeprecateAt, image.ObsoleteAt, image.Replacement);

    /// <summary>The dates in order, and a replacement that is an image name other than the image's own.</summary>
    public static PortalError? Validate(string imageName, ImageLifecycleUpdate lifecycle)
    {
        if (lifecycle.DeprecateAt is { } deprecate && lifecycle.ObsoleteAt is { } obsolete && obsolete < deprecate)
            return PortalError.Validation("lifecycle.obsoleteAt",
                ImageMessages.Format("ObsoleteBeforeDeprecate", obsolete, deprecate));
        if (lifecycle.Replacement is null) return null;
        if (NameRules.Image(lifecycle.Replacement, "lifecycle.replacement") is { } badName) return badName;
        return string.Equals(lifecycle.Replacement, imageName, StringComparison.OrdinalIgnoreCase)
            ? PortalError.Validation("lifecycle.replacement", ImageMessages.Format("ReplacesItself", imageName))
            : null;
    }

    /// <summary>A date as the catalogue keeps it: UTC (PostgreSQL stores no offset), whole milliseconds (what a later read shows).</summary>
    public static DateTimeOffset? Stored(DateTimeOffset? date) =>
        date is { } d ? new DateTimeOffset(d.UtcTicks - d.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero) : null;

    /// <summary>API.md's deploy warning for a deprecated image; null while it is active.</summary>
    public static string? DeployWarning(Image image, DateTimeOffset now) =>
        StateAt(image, now) == LifecycleState.Deprecated
            ? (image.ObsoleteAt, image.Replacement) switch
            {
                ({ } obsolete, { } replacement) => ImageMessages.Format("DeprecatedObsoleteAtUse", image.Name, image.DeprecateAt, obsolete, replacement),
                ({ } obsolete, null) => ImageMessages.Format("DeprecatedObsoleteAtUseAnother", image.Name, image.DeprecateAt, obsolete),
                (null, { } replacement) => ImageMessages.Format("DeprecatedUse", image.Name, image.DeprecateAt, replacement),
                (null, null) => ImageMessages.Format("DeprecatedUseAnother", image.Name, image.DeprecateAt),
            }
            : null;

    /// <summary>409 <c>ImageObsolete</c> for an obsolete image, naming its replacement; null otherwise.</summary>
    public static PortalError? RefuseObsolete(Image image, DateTimeOffset now, string field = "imageName") =>
        StateAt(image, now) == LifecycleState.Obsolete
            ? new PortalError(ErrorCodes.ImageObsolete, image.Replacement is { } replacement
                ? ImageMessages.Format("ObsoleteDeployReplacement", image.Name, image.ObsoleteAt, replacement)
                : ImageMessages.Format("ObsoleteDeployAnother", image.Name, image.ObsoleteAt), field)
            : null;
}
