using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Web.Components.Layout;
using VmPortal.Web.Components.Pages.Operations;

namespace VmPortal.Web.Tests.Operations;

/// <summary>
/// An operation's own page, the notification centre in the app bar and the words they use — over operations in the test
/// database, moved live through the real <see cref="OperationEvents"/>.
/// </summary>
public sealed partial class OperationPagesTests : PortalBunitContext
{
    private static readonly RenderFragment Body = b => b.AddMarkupContent(0, "<p id='body'>another page</p>");
    private const long TenGb = 10L * 1024 * 1024 * 1024 + 512;

    [Fact]
    public async Task The_operation_page_shows_the_kind_in_words_who_asked_each_step_with_its_time_each_disk_and_the_error()
    {
        var start = Clock.GetUtcNow().AddMinutes(-3);
        var operation = await AddAsync(OperationKinds.CaptureVmImage, "images/web-2026", OperationStatus.Failed, o =>
        {
            o.ImageName = "web-2026";
            o.StartedTime = start;
            o.CompletedTime = start.AddSeconds(95);
            o.ErrorCode = ErrorCodes.StorageFailed;
            o.ErrorMessage = "The capture of 'web-2026' failed: storage answered 503 ServerBusy.";
            o.Warnings = ["The image family is deprecated."];
            o.Steps = [new("Snapshotting 2 disks at one instant", start, start.AddSeconds(5)), new("Copying 2 disks", start.AddSeconds(5), start.AddSeconds(95))];
            o.Disks = [new("OS disk", TenGb, TenGb, DiskCopyPhase.Done), new("Data disk LUN 0", TenGb, TenGb / 4, DiskCopyPhase.Copying)];
        });

        var page = Render<OperationDetailsPage>(p => p.Add(x => x.Id, operation.Id));

        page.WaitForElement("[data-testid=operation-summary]");
        Assert.Equal("Capture image", page.Find("#page-title").TextContent.Trim());
        Assert.Equal("operator", page.Find("[data-testid=operation-who]").TextContent.Trim());
        Assert.Contains("Took 1 min 35 s", page.Find("[data-testid=operation-duration]").TextContent);
        Assert.Equal(["Snapshotting 2 disks at one instant|5 s", "Copying 2 disks|1 min 30 s"],
            page.FindAll("[data-testid=operation-step]").Select(r => $"{r.Children[0].TextContent.Trim()}|{r.Children[2].TextContent.Trim()}"));
        Assert.Equal(["OS disk|10 GB of 10 GB · 100 %", "Data disk LUN 0|2.5 GB of 10 GB · 25 %"],
            page.FindAll("[data-testid=disk-progress]").Select(d => $"{d.GetAttribute("data-disk")}|{Squeeze(d.QuerySelector("[data-testid=disk-bytes]")!.TextContent)}"));
        Assert.Equal("StorageFailed: The capture of 'web-2026' failed: storage answered 503 ServerBusy.", Squeeze(page.Find("[data-testid=operation-error]").TextContent));
        Assert.Equal("The image family is deprecated.", page.Find("[data-testid=operation-warning]").TextContent.Trim());
        Assert.Equal(["images/web-2026"], page.FindAll("[data-testid=operation-resource]").Select(a => a.GetAttribute("href")));
        Assert.Equal("operations", page.FindAll("[data-testid=crumb]")[0].GetAttribute("href"));
        Assert.DoesNotContain("CaptureVmImage", Text(page));
    }

    [Fact]
    public async Task The_operation_page_moves_live_and_its_bar_reaches_100_percent_when_the_operation_succeeds()
    {
        var operation = await AddAsync(OperationKinds.DeployVm, "cloud-services/shop/vms/web1", OperationStatus.InProgress, o => o.Progress = 5);
        var page = Render<OperationDetailsPage>(p => p.Add(x => x.Id, operation.Id));
        page.WaitForElement("[data-testid=operation-summary]");

        operation.Progress = 40;
        operation.StatusMessage = "Copying 1 disk from 'web-2026'";
        operation.Steps = [new("Copying 1 disk from 'web-2026'", Clock.GetUtcNow())];
        operation.Disks = [new("OS disk", TenGb, TenGb / 2, DiskCopyPhase.Copying)];
        Publish(operation);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("40", Bar(page).GetAttribute("data-progress"));
            Assert.Equal("50", page.Find("[data-testid=disk-progress]").GetAttribute("data-percent"));
        });
        Assert.Equal("Copying 1 disk from 'web-2026'", page.Find("[data-testid=operation-progress-message]").TextContent.Trim());
        Assert.Equal("VM shop/web1", page.Find("#page-title").ParentElement!.QuerySelector(".mud-text-secondary")!.TextContent.Trim());

        // The worker's last word: succeeded. Its last progress report said 62; the bar says 100.
        await using (var db = Database.CreateDbContext())
        {
            var row = await db.Operations.FindAsync(operation.Id);
            row!.Status = OperationStatus.Succeeded;
            row.Progress = 100;
            row.CompletedTime = Clock.GetUtcNow();
            row.Steps = OperationJournal.Ended(operation.Steps, Clock.GetUtcNow());
            row.Disks = [new("OS disk", TenGb, TenGb, DiskCopyPhase.Done)];
            await db.SaveChangesAsync();
            Publish(row);
        }
        page.WaitForAssertion(() => Assert.Equal(("Succeeded", "100"), (Bar(page).GetAttribute("data-status"), Bar(page).GetAttribute("data-progress"))));
        Assert.Equal("100", page.Find("[data-testid=disk-progress]").GetAttribute("data-percent"));
        Assert.Equal("true", page.Find("[data-testid=operation-step]").GetAttribute("data-done"));
    }

    [Fact]
    public async Task The_notification_centre_counts_the_users_own_operations_that_ended_while_they_were_elsewhere_and_links_each()
    {
        var old = await AddAsync(OperationKinds.StopVm, "cloud-services/shop/vms/web1", OperationStatus.Succeeded, o => o.CompletedTime = Clock.GetUtcNow().AddHours(-1));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, Body));
        layout.WaitForElement("[data-testid=notification-bell]");
        Assert.Equal("0", Badge(layout));

        // Someone else's work ends, then the user's own: only the user's counts.
        var mine = await AddAsync(OperationKinds.CaptureVmImage, "images/app01-model", OperationStatus.InProgress, o => o.Progress = 10);
        Publish(mine);
        var someoneElses = await AddAsync(OperationKinds.DeleteVm, "cloud-services/shop/vms/db1", OperationStatus.InProgress, o => o.RequestedBy = "somebody");
        await EndAsync(someoneElses, OperationStatus.Succeeded);
        await EndAsync(mine, OperationStatus.Succeeded);
        layout.WaitForAssertion(() => Assert.Equal("1", Badge(layout)));
        Assert.NotNull(layout.Find("#body"));

        // Opened as the bell's click opens it (bUnit has no pointer events for the activator).
        var menu = layout.FindComponent<NotificationCentre>().FindComponent<MudBlazor.MudMenu>();
        await menu.InvokeAsync(() => menu.Instance.OpenMenuAsync(EventArgs.Empty));
        layout.WaitForAssertion(() => Assert.Equal(
            [$"operations/{mine.Id}|Capture image · image app01-model", $"operations/{old.Id}|Stop VM · VM shop/web1"],
            layout.FindAll("[data-testid=notification]").Select(n => $"{n.GetAttribute("href")}|{n.QuerySelector("b")!.ParentElement!.TextContent.Trim()}")));
        layout.WaitForAssertion(() => Assert.Equal("0", Badge(layout)));
        Assert.DoesNotContain(layout.FindAll("[data-testid=notification]"), n => n.TextContent.Contains("db1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_operations_list_names_kinds_and_targets_in_words_and_every_bar_leads_to_its_operation()
    {
        var deploy = await AddAsync(OperationKinds.DeployVm, "cloud-services/shop/vms/web1 (+1)", OperationStatus.InProgress, o => o.Progress = 30);
        await AddAsync(OperationKinds.CaptureVmImage, "images/web-2026", OperationStatus.Succeeded, o => o.Progress = 96);

        var page = Render<OperationList>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=operation-kind]").Count));
        Assert.Equal(["Capture image", "Deploy VM"], page.FindAll("[data-testid=operation-kind]").Select(k => k.TextContent.Trim()).Order());
        Assert.Contains("VM shop/web1 (+1)", Text(page));
        var text = Text(page);
        foreach (var code in new[] { "DeployVM", "CaptureVmImage", "cloud-services/" }) Assert.DoesNotContain(code, text);
        var bars = page.FindAll("[data-testid=operation-progress]").ToDictionary(b => b.GetAttribute("data-operation")!, b => b);
        Assert.Equal("100", bars.Values.Single(b => b.GetAttribute("data-status") == "Succeeded").GetAttribute("data-progress"));
        Assert.Equal($"operations/{deploy.Id}", bars[deploy.Id.ToString()].QuerySelector("[data-testid=operation-link]")!.GetAttribute("href"));
    }

    [Fact]
    public void Every_VM_status_operation_kind_and_audit_action_reads_as_words_never_as_its_code()
    {
        var codes = AuditActions.All.ToList();
        Assert.All(codes, code =>
        {
            var words = DisplayNames.AuditAction(code);
            Assert.DoesNotMatch(CamelHump(), words);
            Assert.NotEqual(code, words);
        });
        foreach (var status in Enum.GetValues<VmStatus>())
            foreach (var os in Enum.GetValues<OsType>())
                Assert.DoesNotMatch(CamelHump(), DisplayNames.VmStatus(status, os));
        Assert.Equal("Running — SSH not ready yet", DisplayNames.VmStatus(VmStatus.RoleStateUnknown, OsType.Linux));
        Assert.Equal("Create user", DisplayNames.AuditAction("user.create"));
        Assert.Equal("Signin", DisplayNames.AuditAction("signin"));
    }

    private async Task<Operation> AddAsync(string kind, string target, OperationStatus status, Action<Operation>? shape = null)
    {
        var operation = new Operation
        {
            Id = Guid.NewGuid(), Kind = kind, Target = target, Status = status, RequestedBy = SignedInOperator.UserName,
            CreatedTime = Clock.GetUtcNow().AddMinutes(-5), StatusMessage = status == OperationStatus.InProgress ? "Queued" : status.ToString(),
            Progress = status == OperationStatus.Succeeded ? 100 : 0,
        };
        shape?.Invoke(operation);
        await using var db = Database.CreateDbContext();
        db.Operations.Add(operation);
        Assert.Equal(1, await db.SaveChangesAsync());
        return operation;
    }

    /// <summary>As the worker ends an operation: the row first, then the word on the feed.</summary>
    private async Task EndAsync(Operation operation, OperationStatus status)
    {
        await using var db = Database.CreateDbContext();
        var row = await db.Operations.FindAsync(operation.Id);
        row!.Status = status;
        row.Progress = status == OperationStatus.Succeeded ? 100 : row.Progress;
        row.CompletedTime = Clock.GetUtcNow().AddSeconds(1);
        Assert.Equal(1, await db.SaveChangesAsync());
        Publish(row);
    }

    private void Publish(Operation operation) => Services.GetRequiredService<OperationEvents>().Publish(OperationUpdate.From(operation));

    private static string Badge(IRenderedComponent<MainLayout> layout) => layout.Find("[data-testid=notification-badge]").GetAttribute("data-count")!;

    private static AngleSharp.Dom.IElement Bar(IRenderedComponent<OperationDetailsPage> page) => page.Find("[data-testid=operation-progress]");

    private static string Text<T>(IRenderedComponent<T> page) where T : IComponent => string.Concat(page.Nodes.Select(n => n.TextContent));

    private static string Squeeze(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex("[a-z][A-Z]")]
    private static partial Regex CamelHump();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
