using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Tests.Shared;

/// <summary>
/// How pages follow operations: only the kinds they show, only outcomes when asked, reloads that do not pile up, and what
/// their handlers throw shown by the page's error boundary rather than lost on a thread nobody watches.
/// </summary>
public sealed class OperationFeedTests : PortalBunitContext
{
    private OperationEvents Events => Services.GetRequiredService<OperationEvents>();

    [Fact]
    public void A_page_hears_only_the_kinds_it_shows_and_with_FinishedOnly_only_their_outcomes()
    {
        var heard = new List<string>();
        var feed = Render<OperationFeed>(p => p
            .Add(f => f.Kinds, ShownKinds.Disks)
            .Add(f => f.FinishedOnly, true)
            .Add(f => f.OnOperation, u => { lock (heard) heard.Add($"{u.Kind} {u.Status}"); return Task.CompletedTask; }));
        Assert.True(feed.Instance.IsSubscribed);

        Events.Publish(Update(OperationKinds.StartVm, OperationStatus.Succeeded));
        Events.Publish(Update(OperationKinds.DeleteDisk, OperationStatus.InProgress));
        Events.Publish(Update(OperationKinds.DeleteDisk, OperationStatus.Succeeded));

        feed.WaitForAssertion(() => { lock (heard) Assert.Equal(["DeleteDisk Succeeded"], heard); });
    }

    [Fact]
    public async Task Reloads_asked_for_while_one_runs_collapse_into_one_more()
    {
        var reloads = 0;
        var release = new TaskCompletionSource();
        var feed = Render<OperationFeed>(p => p.Add(f => f.OnReload, async () =>
        {
            Interlocked.Increment(ref reloads);
            await release.Task;
        }));

        for (var i = 0; i < 5; i++) feed.Instance.RequestReload();
        feed.WaitForAssertion(() => Assert.Equal(1, Volatile.Read(ref reloads)));
        release.SetResult();

        feed.WaitForAssertion(() => Assert.Equal(2, Volatile.Read(ref reloads)));
        await Task.Delay(100, Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(2, Volatile.Read(ref reloads));
    }

    [Fact]
    public void What_a_page_handler_throws_reaches_the_page_error_boundary_instead_of_being_lost()
    {
        var boundary = Render<ErrorBoundary>(p => p
            .Add(b => b.ErrorContent, e => $"<p class=\"page-error\">{e.Message}</p>")
            .AddChildContent<OperationFeed>(f => f.Add(x => x.OnOperation, async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("the page could not reload");
            })));
        boundary.WaitForAssertion(() => Assert.True(boundary.FindComponent<OperationFeed>().Instance.IsSubscribed));

        Events.Publish(Update(OperationKinds.StartVm, OperationStatus.Succeeded));

        boundary.WaitForAssertion(() => Assert.Equal("the page could not reload", boundary.Find("p.page-error").TextContent));
    }

    [Fact]
    public void After_the_page_is_gone_nothing_reaches_it()
    {
        var heard = 0;
        var feed = Render<OperationFeed>(p => p.Add(f => f.OnOperation, _ => { Interlocked.Increment(ref heard); return Task.CompletedTask; }));
        feed.Instance.Dispose();

        Events.Publish(Update(OperationKinds.StartVm, OperationStatus.Succeeded));

        Assert.Equal(0, Volatile.Read(ref heard));
    }

    private static OperationUpdate Update(string kind, OperationStatus status) =>
        new(Guid.NewGuid(), kind, "cloud-services/s/vms/v", status, status == OperationStatus.Succeeded ? 100 : 10, null, null, null, null);
}
