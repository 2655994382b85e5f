using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Web.Tests;

/// <summary>Image rows for the gallery and deploy form tests: user images in West US, with the disks their kind implies.</summary>
internal static class ImageFixtures
{
    public static async Task AddAsync(TestDatabase database, params Image[] images)
    {
        await using var db = database.CreateDbContext();
        db.Images.AddRange(images);
        await db.SaveChangesAsync();
    }

    public static Image Image(string name, ImageKind kind, OsType os, OsState state, int dataDisks = 0, VmStatus? capturedWhile = null, string? family = null)
    {
        var image = new Image
        {
            Name = name, Kind = kind, Category = ImageCategory.User, Label = name, Location = "West US", Os = os, OsState = state,
            RoleStateOnCapture = capturedWhile, ImageFamily = family, RecommendedVmSize = "Medium",
            CreatedTime = DateTimeOffset.UtcNow, ModifiedTime = DateTimeOffset.UtcNow,
        };
        image.Disks.Add(Disk($"{name}-os", null));
        for (var lun = 0; lun < dataDisks; lun++) image.Disks.Add(Disk($"{name}-datadisk-{lun}", lun));
        return image;
    }

    private static ImageDisk Disk(string name, int? lun) => new()
    {
        Name = name, Lun = lun, Location = "West US", HostCaching = lun is null ? HostCaching.ReadWrite : HostCaching.None,
        MediaLink = $"http://127.0.0.1:1/devstoreaccount1/vhds/{name}.vhd", LogicalSizeInGb = 30,
    };
}
