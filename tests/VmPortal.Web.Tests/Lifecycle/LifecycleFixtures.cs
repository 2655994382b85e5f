using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>Images with protection, tags, lifecycle dates or a place in the recycle bin, dated by the test's clock.</summary>
internal static class LifecycleFixtures
{
    public static Image Tagged(this Image image, params (string Key, string Value)[] tags)
    {
        image.Tags = tags.Select(t => new ResourceTag { Key = t.Key, Value = t.Value }).ToList();
        return image;
    }

    public static Image Protect(this Image image)
    {
        image.Protected = true;
        return image;
    }

    public static Image Lifecycle(this Image image, DateTimeOffset? deprecateAt, DateTimeOffset? obsoleteAt = null, string? replacement = null)
    {
        (image.DeprecateAt, image.ObsoleteAt, image.Replacement) = (deprecateAt, obsoleteAt, replacement);
        return image;
    }

    public static Image InBin(this Image image, DateTimeOffset deletedTime, int days = 7)
    {
        (image.DeletedTime, image.PurgeAt) = (deletedTime, deletedTime.AddDays(days));
        return image;
    }

    /// <summary>The test clock's "now": the lifecycle states follow it.</summary>
    public static DateTimeOffset Noon => TestClock.Noon;
}
