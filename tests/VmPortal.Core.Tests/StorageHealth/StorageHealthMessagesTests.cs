using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.StorageHealth;

/// <summary>The storage health page reads in the reader's language: what each problem means, and why a repair is refused.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class StorageHealthMessagesTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    /// <summary>On purpose: a blob nothing refers to.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } = new HashSet<StorageProblemKind> { StorageProblemKind.OrphanBlob };

    [Fact]
    public async Task Problems_and_repair_refusals_come_out_in_Chinese_and_the_resource_and_codes_stay()
    {
        var orphan = await TestVhds.DataDiskAsync(Get<BlobAccounts>().Get(Storage.West.Name));
        using var _ = InCulture.Chinese();

        var problem = Assert.Single((await Get<StorageHealthCheck>().CheckAsync()).Problems, p => p.Blob == orphan.AbsoluteUri);
        var none = await Get<StorageRepair>().RepairAsync(new StorageRepairRequest([]), "tests");
        var missing = await Get<StorageRepair>().RepairAsync(new StorageRepairRequest(["not-an-id"]), "tests");

        Assert.Equal(StorageProblemKind.OrphanBlob, problem.Kind);
        Assert.Contains("没有任何磁盘、映像或上传引用此页 Blob", problem.Detail);
        Assert.Equal(("problems", ErrorCodes.ValidationFailed), (none.Error?.Field, none.Error!.Code));
        Assert.Contains("请至少指定一个问题", none.Error.Message);
        Assert.Equal(("problems[0]", ErrorCodes.ValidationFailed), (missing.Error?.Field, missing.Error!.Code));
        Assert.Contains("“not-an-id”", missing.Error.Message);
    }
}
