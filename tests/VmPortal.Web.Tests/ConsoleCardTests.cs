using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Fabric;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.VirtualMachines;

namespace VmPortal.Web.Tests;

/// <summary>
/// The VM page's console card: under QEMU it shows what the guest printed last (a stand-in console here, as bUnit tests
/// may use); under the simulated fabric, whose guests print nothing, there is no card at all.
/// </summary>
public sealed class ConsoleCardTests : PortalBunitContext
{
    private sealed class StandInConsole(Dictionary<int, string[]> lines) : IGuestConsole
    {
        public IReadOnlyList<string>? LastLines(int vmId, int count) => lines.TryGetValue(vmId, out var shown) ? shown.TakeLast(count).ToList() : null;
    }

    [Fact]
    public void A_guest_under_QEMU_shows_its_last_console_lines()
    {
        Services.AddSingleton<IGuestConsole>(new StandInConsole(new() { [7] = ["[    2.1] EXT4-fs (vda1): mounted", "vmportal-agent: ready computer=qlin01"] }));

        var card = Render<ConsoleCard>(p => p.Add(c => c.VmId, 7));

        Assert.Contains("vmportal-agent: ready computer=qlin01", card.Find("[data-testid=console-lines]").TextContent);
        Assert.Equal("no", card.Find("[data-testid=console-lines]").GetAttribute("translate"));
    }

    [Fact]
    public void A_guest_that_printed_nothing_yet_says_so_in_the_readers_language()
    {
        using var _ = InCulture.Chinese();
        Services.AddSingleton<IGuestConsole>(new StandInConsole(new() { [7] = [] }));

        var card = Render<ConsoleCard>(p => p.Add(c => c.VmId, 7));

        Assert.Contains("来宾尚未输出任何内容", card.Find("[data-testid=console-card]").TextContent);
    }

    [Fact]
    public void Without_a_console_the_page_shows_no_card()
    {
        var card = Render<ConsoleCard>(p => p.Add(c => c.VmId, 7));

        Assert.Empty(card.FindAll("[data-testid=console-card]"));
    }
}
