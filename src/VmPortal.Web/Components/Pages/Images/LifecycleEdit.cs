using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// The lifecycle form's state: days picked in a date picker (UTC), and the replacement. A day left as it was keeps the exact
/// time the API may have set; a new day starts at midnight UTC. Sent whole, as <c>PATCH</c> replaces the lifecycle whole.
/// </summary>
public sealed class LifecycleEdit
{
    public const string DeprecateField = "lifecycle.deprecateAt", ObsoleteField = "lifecycle.obsoleteAt", ReplacementField = "lifecycle.replacement";

    private readonly ImageLifecycleView _original;

    public LifecycleEdit(ImageLifecycleView lifecycle)
    {
        _original = lifecycle;
        DeprecateOn = Day(lifecycle.DeprecateAt);
        ObsoleteOn = Day(lifecycle.ObsoleteAt);
        Replacement = lifecycle.Replacement;
    }

    public DateTime? DeprecateOn { get; set; }
    public DateTime? ObsoleteOn { get; set; }
    public string? Replacement { get; set; }

    public ImageLifecycleUpdate ToUpdate() =>
        new(At(DeprecateOn, _original.DeprecateAt), At(ObsoleteOn, _original.ObsoleteAt), string.IsNullOrWhiteSpace(Replacement) ? null : Replacement);

    private static DateTime? Day(DateTimeOffset? at) => at?.UtcDateTime.Date;

    private static DateTimeOffset? At(DateTime? day, DateTimeOffset? original) =>
        day is not { } d ? null
        : Day(original) == d.Date ? original
        : new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc));
}
