using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>The whole application layer with the public images seeded, and quick ways to put user images into the gallery.</summary>
public abstract class ImageHost(AzuriteFixture azurite, TestClock? clock = null) : CoreHost(azurite, clock)
{
    protected ImageQueries Queries => Get<ImageQueries>();
    protected ImageService Service => Get<ImageService>();
    protected ImageRegistration Registration => Get<ImageRegistration>();
    protected BlobAccount West => Get<BlobAccounts>().Get(Storage.West.Name);
    protected BlobAccount East => Get<BlobAccounts>().Get(Storage.East.Name);

    /// <summary>Registers a VM image from fresh blobs: a specialized OS disk and data disks at the LUNs given, optionally a family's version.</summary>
    protected async Task<ImageView> AddVmImageAsync(string name, OsType os = OsType.Linux, int[]? luns = null, BlobAccount? account = null, string? label = null,
        string? family = null, string? version = null, bool excludeFromLatest = false)
    {
        account ??= West;
        var osDisk = await TestVhds.OsDiskAsync(account, os, generalized: false);
        var data = new List<DataDiskRegistration>();
        foreach (var lun in luns ?? [])
            data.Add(new DataDiskRegistration((await TestVhds.DataDiskAsync(account)).AbsoluteUri, lun));
        var result = await Registration.RegisterVmImageAsync(new RegisterVmImageRequest(name, label,
            new OsDiskRegistration(osDisk.AbsoluteUri, os.ToString(), "Specialized"), data,
            ImageFamily: family, Version: version, ExcludeFromLatest: excludeFromLatest), "tests");
        return result.Ok();
    }

    /// <summary>An image row as a capture that has not finished leaves it: state Capturing, no disks yet.</summary>
    protected async Task AddCapturingImageAsync(string name)
    {
        await using var db = Db();
        db.Images.Add(new Image
        {
            Name = name, Kind = ImageKind.VMImage, Category = ImageCategory.User, State = ImageState.Capturing,
            Label = name, Location = "West US", CreatedTime = DateTimeOffset.UtcNow, ModifiedTime = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    protected async Task<ImageView> AddOsImageAsync(string name, OsType os = OsType.Linux, BlobAccount? account = null, string? family = null, string? version = null)
    {
        var blob = await TestVhds.OsDiskAsync(account ?? West, os, generalized: true);
        var result = await Registration.RegisterOsImageAsync(
            new RegisterOsImageRequest(name, MediaLink: blob.AbsoluteUri, Os: os.ToString(), ImageFamily: family, Version: version), "tests");
        return result.Ok();
    }
}
