using VmPortal.Core.Images;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>Images speak the reader's language: refusals in the request's culture, operations in the requester's; codes stay.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageMessagesTests(AzuriteFixture azurite) : ImageHost(azurite)
{
    [Fact]
    public async Task Refusals_come_out_in_Chinese_with_their_codes_unchanged()
    {
        await AddVmImageAsync("zh-guarded");
        await Service.UpdateAsync("zh-guarded", new ImageUpdate(Protected: true), "tests");
        using var _ = InCulture.Chinese();

        var missing = await Service.DeleteAsync("zh-nowhere", deleteVhds: false, "tests");
        var guarded = await Service.DeleteAsync("zh-guarded", deleteVhds: false, "tests");
        var badLun = await Service.UpdateAsync("zh-guarded", new ImageUpdate(DataDiskConfigurations: [new DataDiskUpdate(Lun: 64)]), "tests");

        Assert.Equal(ErrorCodes.NotFound, missing.Error?.Code);
        Assert.Equal("映像“zh-nowhere”不存在。", missing.Error!.Message);
        Assert.Equal(ErrorCodes.ImageProtected, guarded.Error?.Code);
        Assert.Contains("受保护", guarded.Error!.Message);
        Assert.Contains("“zh-guarded”", guarded.Error.Message);
        Assert.Equal((ErrorCodes.InvalidLun, "dataDiskConfigurations[0].lun"), (badLun.Error?.Code, badLun.Error!.Field));
        Assert.Contains("超出范围", badLun.Error.Message);
    }

    [Fact]
    public async Task A_purge_requested_in_Chinese_reports_its_steps_in_Chinese()
    {
        await AddVmImageAsync("zh-purged", luns: [0]);
        Guid id;
        using (InCulture.Chinese())
            id = (await Service.PurgeAsync("zh-purged", deleteVhds: true, "tests")).Ok().Id;

        var done = await this.WaitForSuccessAsync(id);

        Assert.Contains(done.Steps, s => s.Name == "正在从目录中移除映像“zh-purged”");
        Assert.Contains(done.Steps, s => s.Name.StartsWith("正在删除映像“zh-purged”的 Blob", StringComparison.Ordinal));
        Assert.Contains(done.Steps, s => s.Name == "已永久删除映像“zh-purged”及其 Blob");
    }

    [Fact]
    public async Task The_same_refusal_in_English_is_as_it_always_was()
    {
        using var _ = new InCulture("en");

        var missing = await Service.PurgeAsync("en-nowhere", deleteVhds: null, "tests");

        Assert.Equal("Image 'en-nowhere' does not exist.", missing.Error?.Message);
    }
}
