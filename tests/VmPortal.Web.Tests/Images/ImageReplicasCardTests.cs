using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The image page's Replicas card over the real <see cref="Core.Images.ImageReplicas"/> and <see cref="Core.Images.ImageQueries"/>: each
/// location with its state, live progress through the operation feed, why one failed, "Replicate to…" offering only locations
/// without a replica, and Remove after a confirmation. No worker runs, so what the card queues stays queued.
/// </summary>
public sealed class ImageReplicasCardTests : PortalBunitContext
{
    private static readonly Guid Replicating = Guid.NewGuid();

    public ImageReplicasCardTests()
    {
        // Storage in four locations (never contacted: nothing here copies), so the card offers them and the service accepts them.
        Services.AddSingleton(new BlobAccounts(
            [Account("repwest", "West US"), Account("repnorth", "North Europe"), Account("repasia", "East Asia"), Account("repeast", "East US")],
            embedded: false));
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var image = Image("web-rep", ImageKind.VMImage, OsType.Linux, OsState.Specialized, dataDisks: 1);
        image.Disks.Add(new ImageDisk
        {
            Name = "web-rep-os-east", Location = "East US", MediaLink = "http://127.0.0.1:1/repeast/vhds/web-rep-os.vhd", HostCaching = HostCaching.ReadWrite,
            LogicalSizeInGb = 30,
        });
        image.Replicas.Add(new ImageReplica { Location = "North Europe", State = ReplicaState.Replicating, Progress = 50, OperationId = Replicating });
        image.Replicas.Add(new ImageReplica { Location = "East Asia", State = ReplicaState.Failed, Error = "storage answered 503 ServerBusy", OperationId = Guid.NewGuid() });
        await AddAsync(Database, image);
    }

    [Fact]
    public void Each_location_shows_its_state_the_running_one_its_progress_the_failed_one_why()
    {
        var page = Open();

        var rows = page.FindAll("[data-testid=replica-row]");
        Assert.Equal(["West US", "East US", "North Europe", "East Asia"], rows.Select(r => r.GetAttribute("data-location")));
        Assert.Equal(["Ready", "Ready", "Replicating", "Failed"], rows.Select(r => r.GetAttribute("data-state")));
        Assert.Contains("(its own)", rows[0].TextContent);
        Assert.Equal("50", page.Find("[data-testid=replica-progress]").GetAttribute("aria-valuenow"));
        Assert.Equal("storage answered 503 ServerBusy", page.Find("[data-testid=replica-error]").TextContent.Trim());
        // Removable: a Ready replica elsewhere and a Failed one — never the image's own location, never one being made.
        Assert.Equal(["Remove the replica in East US", "Remove the replica in East Asia"],
            page.FindAll("[data-testid=replica-remove]").Select(b => b.GetAttribute("aria-label")));
    }

    [Fact]
    public async Task Progress_moves_live_as_the_operation_reports_it()
    {
        var page = Open();
        page.WaitForAssertion(() => Assert.True(page.FindComponent<Components.Shared.OperationFeed>().Instance.IsSubscribed));

        await using (var db = Database.CreateDbContext())
            await db.Set<ImageReplica>().Where(r => r.Location == "North Europe").ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, 100));
        Services.GetRequiredService<OperationEvents>().Publish(new OperationUpdate(Replicating, OperationKinds.ReplicateImage, "images/web-rep",
            OperationStatus.InProgress, 60, "Copying 2 disks to North Europe", null, null, null));

        page.WaitForAssertion(() => Assert.Equal("100", page.Find("[data-testid=replica-progress]").GetAttribute("aria-valuenow")));
        // The replication's step for that location, as ReplicateImageHandler words it, under that location's bar.
        Assert.Contains("Copying 2 disks to North Europe", page.Find("[data-location='North Europe']").TextContent);
    }

    [Fact]
    public async Task Replicate_to_offers_only_locations_without_a_replica_and_queues_the_ones_ticked()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Open();

        await page.InvokeAsync(() => page.Find("[data-testid=replicate]").Click());

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=replicate-dialog]")));
        // Not West US (its own), East US (Ready) or North Europe (being made); East Asia failed, so it may be tried again.
        Assert.Equal(["East Asia"], dialogs.FindAll("[data-testid=replicate-location]").Select(c => c.GetAttribute("data-location")));
        Assert.True(dialogs.Find("[data-testid=replicate-submit]").HasAttribute("disabled"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=replicate-location] input, input[data-testid=replicate-location]").Change(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=replicate-submit]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=replicate-dialog]")));
        page.WaitForAssertion(() => Assert.Equal("Replicating", page.Find("[data-location='East Asia']").GetAttribute("data-state")));
        await using var db = Database.CreateDbContext();
        var operation = await db.Operations.SingleAsync(o => o.Kind == OperationKinds.ReplicateImage);
        Assert.Equal(("images/web-rep", "web-rep"), (operation.Target, operation.ImageName));
        Assert.Contains("\"East Asia\"", operation.Payload);
    }

    [Fact]
    public async Task Remove_asks_first_and_queues_the_removal_with_the_VHDs_when_ticked()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Open();

        await page.InvokeAsync(() => page.Find("[aria-label='Remove the replica in East US']").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=remove-replica-dialog]")));
        await using (var before = Database.CreateDbContext())
            Assert.False(await before.Operations.AnyAsync(o => o.Kind == OperationKinds.RemoveImageReplica));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=remove-replica-vhds] input, input[data-testid=remove-replica-vhds]").Change(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=remove-replica-confirm]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=remove-replica-dialog]")));
        await using var db = Database.CreateDbContext();
        var operation = await db.Operations.SingleAsync(o => o.Kind == OperationKinds.RemoveImageReplica);
        Assert.Contains("\"location\":\"East US\"", operation.Payload);
        Assert.Contains("\"deleteVhds\":true", operation.Payload);
    }

    [Fact]
    public async Task In_Chinese_the_remove_button_and_its_dialog_name_the_location_in_Chinese()
    {
        using var _ = VmPortal.Testing.InCulture.Chinese();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Open();

        // The location is the reader's word for it (美国东部), in the button's name, the dialog's title and its sentences.
        await page.InvokeAsync(() => page.Find("[aria-label='删除位于美国东部的副本']").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=remove-replica-dialog]")));
        var dialog = dialogs.Find(".mud-dialog").TextContent;
        Assert.Contains("删除位于美国东部的副本？", dialog);
        Assert.Contains("美国东部", dialogs.Find("[data-testid=remove-replica-dialog]").TextContent);
        Assert.DoesNotContain("East US", dialog);
    }

    private IRenderedComponent<ImageDetailsPage> Open()
    {
        var page = Render<ImageDetailsPage>(p => p.Add(x => x.Name, "web-rep"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-replicas]")));
        return page;
    }

    private static BlobAccount Account(string name, string location) =>
        new(name, location, $"DefaultEndpointsProtocol=http;AccountName={name};AccountKey=a2V5a2V5a2V5;BlobEndpoint=http://127.0.0.1:1/{name};",
            BlobAccounts.ClientOptions());
}
