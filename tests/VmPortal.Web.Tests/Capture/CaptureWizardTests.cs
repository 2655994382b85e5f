using AngleSharp.Dom;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.VirtualMachines.Capture;

namespace VmPortal.Web.Tests.Capture;

/// <summary>
/// The capture wizard over the real <see cref="Core.Capture.CaptureService"/>: what it warns about and what
/// it offers come from the service's preview of a real VM (guest record on a real VHD in Azurite), and the
/// Stop / Generalize buttons run real operations on the fast fabric.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class CaptureWizardTests(AzuriteFixture azurite) : HostedBunitContext(azurite, new TestClock())
{
    private static readonly TimeSpan OperationTime = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(OsType.Windows, VmStatus.ReadyRole, new[] { "MemoryStateNotCaptured", "ShutDownForConsistency", "UnexpectedShutdownDialog" })]
    [InlineData(OsType.Linux, VmStatus.ReadyRole, new[] { "MemoryStateNotCaptured", "ShutDownForConsistency" })]
    [InlineData(OsType.Windows, VmStatus.StoppedVM, new string[0])]
    [InlineData(OsType.Linux, VmStatus.StoppedDeallocated, new string[0])]
    public async Task A_specialized_capture_warns_about_a_running_vm_and_calls_a_stopped_one_consistent(OsType os, VmStatus status, string[] warnings)
    {
        var page = await OpenPrepareStepAsync(os, status, OsState.Specialized);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(warnings, Codes(page, "warning"));
            Assert.Equal(warnings.Length == 0, page.FindAll("[data-testid=prepare-ready]").Count == 1);
        });
        Assert.Empty(Codes(page, "blocker"));
        if (warnings.Length == 0)
            Assert.Contains("application-consistent", page.Find("[data-testid=prepare-ready]").TextContent);
    }

    [Fact]
    public async Task Every_warning_must_be_acknowledged_before_the_wizard_goes_on()
    {
        var page = await OpenPrepareStepAsync(OsType.Windows, VmStatus.ReadyRole, OsState.Specialized);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=warning]").Count));

        for (var i = 0; i < 2; i++) await CheckAsync(page, i);
        Assert.True(Next(page).HasAttribute("disabled"));
        Assert.NotNull(page.Find("[data-testid=prepare-hint]"));
        await ClickAsync(page, () => StepHeader(page, "Name and details"));
        Assert.Empty(page.FindAll("#capture-image-name"));

        await CheckAsync(page, 2);
        Assert.False(Next(page).HasAttribute("disabled"));
        await ClickAsync(page, () => Next(page));
        page.WaitForElement("#capture-image-name");
    }

    [Theory]
    [InlineData(VmStatus.ReadyRole)]
    [InlineData(VmStatus.RoleStateUnknown)]
    public async Task A_generalized_capture_of_a_running_vm_offers_one_Stop_and_generalize_action_and_shows_one_status_while_it_runs(VmStatus status)
    {
        var page = await OpenPrepareStepAsync(OsType.Linux, status, OsState.Generalized);
        page.WaitForAssertion(() => Assert.Equal(["VmNotStopped"], Codes(page, "blocker")));
        Assert.Equal("Stop and generalize", BlockerButton(page).TextContent.Trim());
        Assert.DoesNotContain(status.ToString(), string.Concat(page.Nodes.Select(n => n.TextContent)));
        Assert.True(Next(page).HasAttribute("disabled"));
        await ClickAsync(page, () => StepHeader(page, "Review and capture"));
        Assert.Empty(page.FindAll("[data-testid=capture-summary]"));

        // Every render while the preparation runs tells one story: its progress, and no blocker, status chip or button beside it.
        var runningRenders = 0;
        var contradictions = new List<string>();
        page.OnMarkupUpdated += (_, _) =>
        {
            if (page.FindAll("[data-testid=prepare-progress][data-status=InProgress]").Count == 0) return;
            runningRenders++;
            var others = page.FindAll("[data-testid=blocker], [data-testid=vm-status], [data-testid=capture-step] button");
            if (others.Count > 0) contradictions.Add(string.Join(" | ", others.Select(o => o.TextContent.Trim())));
        };
        await ClickAsync(page, () => BlockerButton(page));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=prepare-ready]")), OperationTime);

        Assert.True(runningRenders > 0, "the preparation was never seen running: the test proves nothing");
        Assert.Empty(contradictions);
        Assert.Equal("vm1 is stopped and its OS is generalized.", page.Find("[data-testid=prepare-status]").TextContent.Trim());
        Assert.Equal("100", page.Find("[data-testid=prepare-progress] [data-testid=operation-progress]").GetAttribute("data-progress"));
        Assert.Empty(Codes(page, "blocker"));
        Assert.False(Next(page).HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(OsType.Windows, "Generalize (Sysprep)")]
    [InlineData(OsType.Linux, "Generalize (waagent -deprovision)")]
    public async Task A_generalized_capture_of_a_stopped_vm_that_was_not_generalized_offers_the_OS_tool(OsType os, string action)
    {
        var page = await OpenPrepareStepAsync(os, VmStatus.StoppedVM, OsState.Generalized);

        page.WaitForAssertion(() => Assert.Equal(["VmNotGeneralized"], Codes(page, "blocker")));
        Assert.Equal(action, BlockerButton(page).TextContent.Trim());
        Assert.True(Next(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_capture_that_deletes_the_vm_waits_for_its_name_typed_exactly_then_shows_every_disk_at_100_percent_and_offers_a_deploy()
    {
        var page = await OpenPrepareStepAsync(OsType.Linux, VmStatus.StoppedVM, OsState.Generalized);
        page.WaitForAssertion(() => Assert.Equal(["VmNotGeneralized"], Codes(page, "blocker")));
        var image = await GeneralizeAndNameAsync(page);

        page.WaitForElement("[data-testid=confirm-delete]");
        Assert.Equal("Capture and delete vm1", Capture(page).TextContent.Trim());
        Assert.True(Capture(page).HasAttribute("disabled"));
        await TypeConfirmationAsync(page, "VM1");
        Assert.True(Capture(page).HasAttribute("disabled"), "the case counts, as in Azure");
        Assert.Contains("does not match", page.Find("[data-testid=confirm-delete]").TextContent);
        await TypeConfirmationAsync(page, "vm1");
        page.WaitForAssertion(() => Assert.False(Capture(page).HasAttribute("disabled")));
        Assert.Equal("vm1", Crumbs(page)[2].GetAttribute("href")?.Split('/')[^1]);

        await ClickAsync(page, () => Capture(page));
        var done = page.WaitForElement("[data-testid=capture-done]", OperationTime);
        Assert.Equal($"deploy?image={image}", done.QuerySelector("[data-testid=deploy-from-image]")!.GetAttribute("href"));
        var progress = page.Find("[data-testid=capture-progress] [data-testid=operation-progress]");
        Assert.Equal(("Succeeded", "100"), (progress.GetAttribute("data-status"), progress.GetAttribute("data-progress")));
        Assert.StartsWith("operations/", progress.QuerySelector("[data-testid=operation-link]")!.GetAttribute("href"));
        Assert.Equal(["OS disk:Done:100", "Data disk LUN 0:Done:100"],
            page.FindAll("[data-testid=disk-progress]").Select(d => $"{d.GetAttribute("data-disk")}:{d.GetAttribute("data-phase")}:{d.GetAttribute("data-percent")}"));
        // The VM is gone: its crumb is text now, not a link to a page that would say "not found".
        page.WaitForAssertion(() => Assert.Null(Crumbs(page)[2].GetAttribute("href")));
        Assert.Equal("vm1", Crumbs(page)[2].TextContent.Trim());
    }

    [Fact]
    public async Task The_name_field_shows_the_conflict_and_Back_keeps_what_was_typed()
    {
        var page = await OpenPrepareStepAsync(OsType.Linux, VmStatus.StoppedVM, OsState.Specialized);
        page.WaitForElement("[data-testid=prepare-ready]");
        await ClickAsync(page, () => Next(page));

        Type(page.WaitForElement("#capture-image-name"), "centos-6.5");
        page.WaitForAssertion(() => Assert.Contains(
            "The image name 'centos-6.5' is taken by 'CentOS-6.5' (names are unique regardless of case)", page.Find(".mud-input-helper-text.mud-input-error").TextContent));
        await ClickAsync(page, () => Next(page));
        Assert.Empty(page.FindAll("[data-testid=capture-summary]"));

        Type(page.Find("#capture-image-name"), "web-golden");
        var date = Host.Clock.Today;
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(".mud-input-error"));
            Assert.Equal($"web-golden-os-{date}.vhd", page.Find("[data-testid=blob-name]").TextContent);
        });
        await page.InvokeAsync(() => page.Find("input[data-testid=image-label]").Input("Golden web server"));
        // A new family: its first version is suggested and filled in.
        await page.InvokeAsync(() => page.Find("input[data-testid=image-family]").Input("golden-web"));
        page.WaitForAssertion(() => Assert.Equal("1.0.0", page.Find("input[data-testid=image-version]").GetAttribute("value")));
        Assert.Contains("Next in golden-web: 1.0.0", page.Markup);

        await ClickAsync(page, () => page.FindAll("button").Single(b => b.TextContent.Trim() == "Back"));
        // Back on the prepare step the preview is checked again; Next comes back once it has.
        page.WaitForAssertion(() => Assert.False(Next(page).HasAttribute("disabled")));
        await ClickAsync(page, () => Next(page));
        Assert.Equal("web-golden", page.WaitForElement("#capture-image-name").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.False(Next(page).HasAttribute("disabled")));
        await ClickAsync(page, () => Next(page));
        page.WaitForAssertion(() => Assert.Contains("Golden web server", page.Find("[data-testid=capture-summary]").TextContent));
        Assert.Contains("1.0.0", page.Find("[data-testid=capture-summary]").TextContent);
    }

    [Fact]
    public async Task In_Chinese_the_steps_the_kinds_and_every_warning_to_acknowledge_read_in_Chinese()
    {
        using var chinese = InCulture.Chinese();
        var page = await OpenPrepareStepAsync(OsType.Windows, VmStatus.ReadyRole, OsState.Specialized);

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=warning]").Count));
        var warnings = page.FindAll("[data-testid=warning]");
        Assert.Contains("不会捕捉内存状态：捕捉不是备份。请使用备份和还原服务来保护虚拟机的数据。", warnings[0].TextContent);
        Assert.Contains("请在捕捉之前关闭虚拟机。运行中的捕捉只具有崩溃一致性。", warnings[1].TextContent);
        Assert.Contains("可能会显示一个对话框，提示虚拟机未正常关闭。", warnings[2].TextContent);
        Assert.All(warnings, w => Assert.Contains("我了解", w.TextContent));
        Assert.Contains("改为停止虚拟机", warnings[1].TextContent);
        Assert.Contains("vm1 正在运行。在运行中捕捉它之前，请逐一确认以下各项：", page.Find("[data-testid=capture-step]").TextContent);
        Assert.Equal("请在每条警告上勾选“我了解”以继续。", page.Find("[data-testid=prepare-hint]").TextContent.Trim());
        var steps = page.FindAll("[role=tab]").Select(t => t.TextContent).ToList();
        Assert.Equal(4, steps.Count);
        Assert.Contains("类型", steps[0]);
        Assert.Contains("专用化", steps[0]); // the kind chosen, under the step's title
        Assert.Contains("准备", steps[1]);
        Assert.Contains("名称和详细信息", steps[2]);
        Assert.Contains("检查并捕捉", steps[3]);
        Assert.Equal("下一步", Next(page).TextContent.Trim());
        Assert.DoesNotContain("Memory state", page.Markup);
        Assert.DoesNotContain("I understand", page.Markup);
    }

    [Fact]
    public async Task In_Chinese_a_capture_that_deletes_the_vm_says_so_and_asks_for_its_name_in_Chinese()
    {
        using var chinese = InCulture.Chinese();
        var page = await OpenPrepareStepAsync(OsType.Linux, VmStatus.StoppedVM, OsState.Generalized);
        page.WaitForAssertion(() => Assert.Equal(["VmNotGeneralized"], Codes(page, "blocker")));
        Assert.Equal("通用化 (waagent -deprovision)", BlockerButton(page).TextContent.Trim());
        await GeneralizeAndNameAsync(page);

        var warning = page.WaitForElement("[data-testid=confirm-delete]");
        Assert.Contains("提交映像后，此捕捉将删除 vm1。要确认，请键入虚拟机的名称。", warning.TextContent);
        Assert.Equal("删除 vm1", warning.QuerySelector("b")!.TextContent);
        Assert.Contains("键入 vm1 以确认", warning.TextContent);
        Assert.Equal("捕捉并删除 vm1", Capture(page).TextContent.Trim());
        var consequences = page.FindAll("[data-testid=consequence]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["提交映像后将删除“vm1”。", "其 2 个磁盘将保留为未附加的磁盘。"], consequences.Take(2));
        Assert.Matches("^将在 .+ 中复制 2 个磁盘。$", consequences[2]);
        Assert.Contains("通用化", page.Find("[data-testid=capture-summary]").TextContent);

        await TypeConfirmationAsync(page, "VM1");
        page.WaitForAssertion(() => Assert.Contains("名称不匹配（区分大小写）。", page.Find("[data-testid=confirm-delete]").TextContent));
        Assert.True(Capture(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task In_Chinese_what_the_workers_live_updates_bring_renders_in_Chinese_too()
    {
        using var chinese = InCulture.Chinese();
        var page = await OpenPrepareStepAsync(OsType.Linux, VmStatus.StoppedVM, OsState.Generalized);
        page.WaitForAssertion(() => Assert.Equal(["VmNotGeneralized"], Codes(page, "blocker")));

        await ClickAsync(page, () => BlockerButton(page));

        // Rendered from the operation worker's updates (its thread, the server's language), not from a click.
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=prepare-ready]")), OperationTime);
        Assert.Equal("vm1 已停止且其操作系统已通用化。", page.Find("[data-testid=prepare-status]").TextContent.Trim());
    }

    /// <summary>Opens the wizard on a new VM, picks the kind and goes to the prepare step.</summary>
    private async Task<IRenderedComponent<CaptureWizardPage>> OpenPrepareStepAsync(OsType os, VmStatus status, OsState kind)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var vm = await Host.AddVmAsync("vm1", os, status: status, dataDiskLuns: [0], service: service);
        var page = Render<CaptureWizardPage>(p => p.Add(x => x.Service, service).Add(x => x.Name, vm.Name));
        Assert.True(page.WaitForElement("[data-testid=next]").HasAttribute("disabled"));
        await ClickAsync(page, () => page.Find($"[data-testid=kind-card][data-kind={kind}]"));
        page.WaitForAssertion(() => Assert.False(Next(page).HasAttribute("disabled")));
        await ClickAsync(page, () => Next(page));
        page.WaitForElement("[data-testid=prepare-ready], [data-testid=warning], [data-testid=blocker]");
        return page;
    }

    /// <summary>
    /// From a generalized capture's prepare step: generalizes the VM with the blocker's button, names a new image once that
    /// is done and goes on to the review step. The image's name.
    /// </summary>
    private static async Task<string> GeneralizeAndNameAsync(IRenderedComponent<CaptureWizardPage> page)
    {
        await ClickAsync(page, () => BlockerButton(page));
        page.WaitForAssertion(() => Assert.False(Next(page).HasAttribute("disabled")), OperationTime);
        await ClickAsync(page, () => Next(page));
        var image = "img-" + Guid.NewGuid().ToString("N")[..8];
        Type(page.WaitForElement("#capture-image-name"), image);
        page.WaitForAssertion(() => Assert.StartsWith($"{image}-os-", page.Find("[data-testid=blob-name]").TextContent));
        page.WaitForAssertion(() => Assert.False(Next(page).HasAttribute("disabled")));
        await ClickAsync(page, () => Next(page));
        return image;
    }

    /// <summary>Types like a person: input events (the name field is debounced), then leaves the field.</summary>
    private static void Type(IElement input, string text)
    {
        input.Input(text);
        input.Blur();
    }

    private static IElement Next(IRenderedComponent<CaptureWizardPage> page) => page.Find("[data-testid=next]");

    private static IElement Capture(IRenderedComponent<CaptureWizardPage> page) => page.Find("[data-testid=capture]");

    /// <summary>The breadcrumb items, links or text: Virtual machines, the VM, Capture.</summary>
    private static IReadOnlyList<IElement> Crumbs(IRenderedComponent<CaptureWizardPage> page) => [.. page.FindAll("[data-testid=crumb]")];

    private static Task TypeConfirmationAsync(IRenderedComponent<CaptureWizardPage> page, string text) =>
        page.InvokeAsync(() => page.Find("#capture-confirm-name").Input(text));

    /// <summary>
    /// Clicks what the page shows now, as a person would: finding and clicking in one renderer dispatch, so a re-render in
    /// between (the page's live feed reports the VM) cannot retire the handler of the element just found.
    /// </summary>
    private static Task ClickAsync(IRenderedComponent<CaptureWizardPage> page, Func<IElement> find) =>
        page.InvokeAsync(() => find().Click());

    private static Task CheckAsync(IRenderedComponent<CaptureWizardPage> page, int warning) =>
        page.InvokeAsync(() => page.FindAll("[data-testid=warning] input[type=checkbox]")[warning].Change(true));

    private static IElement BlockerButton(IRenderedComponent<CaptureWizardPage> page) => page.Find("[data-testid=blocker] button");

    private static IElement StepHeader(IRenderedComponent<CaptureWizardPage> page, string title) =>
        page.FindAll("[role=tab]").Single(t => t.TextContent.Contains(title));

    private static List<string?> Codes(IRenderedComponent<CaptureWizardPage> page, string testId) =>
        page.FindAll($"[data-testid={testId}]").Select(e => e.GetAttribute("data-code")).ToList();
}
