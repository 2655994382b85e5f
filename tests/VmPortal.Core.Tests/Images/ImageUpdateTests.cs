using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>R16: what may change after capture, and that everything else — and public images — never does.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageUpdateTests(AzuriteFixture azurite) : ImageHost(azurite)
{
    /// <summary>On purpose: an image row left Capturing with no capture, to prove such an image is in use.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.StrandedResource };

    [Fact]
    public async Task Metadata_and_host_caching_change_and_the_modified_time_moves()
    {
        var before = await AddVmImageAsync("editable", luns: [0, 2]);

        var result = await Service.UpdateAsync("EDITABLE", new ImageUpdate(
            Label: "Shop v2", Description: "Front end", Language: "German", ImageFamily: "Shop", RecommendedVmSize: "standard_d2",
            EulaUri: "https://contoso.example/eula", PrivacyUri: "http://contoso.example/privacy", IconUri: "https://contoso.example/icon.png",
            ShowInGallery: false, OsDiskConfiguration: new OsDiskUpdate("ReadOnly"),
            DataDiskConfigurations: [new DataDiskUpdate(2, "ReadWrite")]), "tests");

        var image = result.Ok();
        Assert.Equal(("Shop v2", "Front end", "German", "Shop", "Standard_D2"),
            (image.Label, image.Description, image.Language, image.ImageFamily, image.RecommendedVmSize));
        Assert.Equal(("https://contoso.example/eula", "http://contoso.example/privacy", "https://contoso.example/icon.png", false),
            (image.EulaUri, image.PrivacyUri, image.IconUri, image.ShowInGallery));
        Assert.Equal(HostCaching.ReadOnly, image.OsDiskConfiguration!.HostCaching);
        Assert.Equal([(0, HostCaching.None), (2, HostCaching.ReadWrite)], image.DataDiskConfigurations!.Select(d => (d.Lun, d.HostCaching)));
        Assert.True(image.ModifiedTime > before.ModifiedTime);
        Assert.Equal(before.CreatedTime, image.CreatedTime);
    }

    [Fact]
    public async Task An_empty_string_clears_an_optional_text_and_sending_back_unchangeable_values_as_they_are_is_no_change()
    {
        var image = await AddVmImageAsync("roundtrip", luns: [1]);
        (await Service.UpdateAsync("roundtrip", new ImageUpdate(Description: "temporary", Language: "English"), "tests")).Ok();

        var result = await Service.UpdateAsync("roundtrip", new ImageUpdate(
            Description: "", Name: "roundtrip", Os: "Linux", OsState: "Specialized",
            OsDiskConfiguration: new OsDiskUpdate(MediaLink: image.OsDiskConfiguration!.MediaLink, Os: "Linux", OsState: "Specialized"),
            DataDiskConfigurations: [new DataDiskUpdate(1, MediaLink: image.DataDiskConfigurations![0].MediaLink)]), "tests");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal((null, "English"), (result.Value!.Description, result.Value.Language));
    }

    public static TheoryData<ImageUpdate, string, string> Refusals => new()
    {
        { new ImageUpdate(RecommendedVmSize: "Huge"), ErrorCodes.ValidationFailed, "recommendedVmSize" },
        { new ImageUpdate(EulaUri: "ftp://contoso.example/eula"), ErrorCodes.ValidationFailed, "eulaUri" },
        { new ImageUpdate(IconUri: "icon.png"), ErrorCodes.ValidationFailed, "iconUri" },
        { new ImageUpdate(Label: " "), ErrorCodes.ValidationFailed, "label" },
        { new ImageUpdate(Label: new string('x', 101)), ErrorCodes.ValidationFailed, "label" },
        { new ImageUpdate(OsDiskConfiguration: new OsDiskUpdate("None")), ErrorCodes.InvalidHostCaching, "osDiskConfiguration.hostCaching" },
        { new ImageUpdate(DataDiskConfigurations: [new DataDiskUpdate(0, "Sometimes")]), ErrorCodes.InvalidHostCaching, "dataDiskConfigurations[0].hostCaching" },
        { new ImageUpdate(DataDiskConfigurations: [new DataDiskUpdate(7, "None")]), ErrorCodes.InvalidLun, "dataDiskConfigurations[0].lun" },
        { new ImageUpdate(Name: "renamed"), ErrorCodes.ValidationFailed, "name" },
        { new ImageUpdate(Os: "Windows"), ErrorCodes.ValidationFailed, "os" },
        { new ImageUpdate(OsState: "Generalized"), ErrorCodes.ValidationFailed, "osState" },
        { new ImageUpdate(OsDiskConfiguration: new OsDiskUpdate(OsState: "Generalized")), ErrorCodes.ValidationFailed, "osDiskConfiguration.osState" },
        { new ImageUpdate(OsDiskConfiguration: new OsDiskUpdate(MediaLink: "https://elsewhere.example/vhds/x.vhd")), ErrorCodes.ValidationFailed, "osDiskConfiguration.mediaLink" },
        { new ImageUpdate(DataDiskConfigurations: [new DataDiskUpdate(0, MediaLink: "https://elsewhere.example/vhds/y.vhd")]), ErrorCodes.ValidationFailed, "dataDiskConfigurations[0].mediaLink" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_update_names_the_field_and_changes_nothing(ImageUpdate update, string code, string field)
    {
        await AddVmImageAsync("fixed", luns: [0]);
        var before = await RowAsync("fixed");

        var result = await Service.UpdateAsync("fixed", update with { Description = "should not stick" }, "tests");

        Assert.Equal((code, field), (result.Error?.Code, result.Error?.Field));
        Assert.Equal(before, await RowAsync("fixed"));
    }

    [Fact]
    public async Task A_public_image_is_read_only_an_unknown_one_is_NotFound_and_one_being_captured_is_in_use()
    {
        await AddCapturingImageAsync("capturing");

        var publicImage = await Service.UpdateAsync("CentOS-6.5", new ImageUpdate(Label: "Mine now"), "tests");
        var unknown = await Service.UpdateAsync("nothing-here", new ImageUpdate(Label: "x"), "tests");
        var capturing = await Service.UpdateAsync("capturing", new ImageUpdate(Label: "x"), "tests");

        Assert.Equal(ErrorCodes.Forbidden, publicImage.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, unknown.Error?.Code);
        Assert.Equal(ErrorCodes.ImageInUse, capturing.Error?.Code);
        Assert.Equal("OpenLogic CentOS 6.5", (await Queries.GetAsync("CentOS-6.5")).Ok().Label);
    }

    private async Task<string> RowAsync(string name)
    {
        await using var db = Db();
        var i = await db.Images.AsNoTracking().Include(x => x.Disks).SingleAsync(x => x.Name == name);
        return $"{i.Label}|{i.Description}|{i.Os}|{i.OsState}|{i.RecommendedVmSize}|{i.EulaUri}|{i.IconUri}|{i.ModifiedTime}|{i.ConcurrencyStamp}|" +
               string.Join(";", i.Disks.OrderBy(d => d.Id).Select(d => $"{d.Lun}:{d.HostCaching}:{d.MediaLink}"));
    }
}
