using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;
using VmPortal.Web.Components.Shared;
using static VmPortal.Web.Tests.ImageFixtures;
using static VmPortal.Web.Tests.Lifecycle.LifecycleFixtures;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>The image page edits protection, lifecycle and tags through the real <see cref="Core.Images.ImageService"/>.</summary>
public sealed class ImagePageLifecycleTests() : PortalBunitContext(new TestClock())
{

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("web-2026", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Protect(),
            Image("web-2025", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Tagged(("env", "test")),
            Image("old-build", ImageKind.VMImage, OsType.Linux, OsState.Specialized).InBin(Noon.AddDays(-1)));
    }

    [Fact]
    public async Task A_protected_image_cannot_be_deleted_and_says_why_until_its_protection_is_cleared()
    {
        var page = Open("web-2026");

        var delete = page.Find("[data-testid=image-delete]");
        Assert.True(delete.HasAttribute("disabled"));
        Assert.Equal(LifecycleText.DeleteRefused, page.FindComponent<MudTooltip>().Instance.Text);
        Assert.NotNull(page.Find("[data-testid=badge-protected]"));

        await page.InvokeAsync(() => page.Find(SwitchInput).Change(false));

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=image-delete]").HasAttribute("disabled")));
        Assert.Empty(page.FindComponents<MudTooltip>());
        await using var db = Database.CreateDbContext();
        Assert.False((await db.Images.SingleAsync(i => i.Name == "web-2026")).Protected);
    }

    [Fact]
    public async Task Lifecycle_dates_and_a_replacement_picked_from_the_other_images_are_saved()
    {
        var page = Open("web-2025");
        Assert.Equal("No deprecation planned.", page.Find("[data-testid=lifecycle-schedule]").TextContent.Trim());

        await page.InvokeAsync(() => page.Find("[data-testid=lifecycle-edit]").Click());
        var pickers = page.FindComponents<MudDatePicker>();
        await page.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2031, 3, 1)));
        await page.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2031, 6, 1)));
        var replacement = page.FindComponent<MudSelect<string>>();
        Assert.DoesNotContain("web-2025", replacement.FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value)); // not itself
        await page.InvokeAsync(() => replacement.Instance.ValueChanged.InvokeAsync("web-2026"));
        await page.InvokeAsync(() => page.Find("[data-testid=lifecycle-save]").Click());

        page.WaitForAssertion(() => Assert.Equal("Deprecated since 2031-03-01, obsolete on 2031-06-01.",
            page.Find("[data-testid=lifecycle-schedule]").TextContent.Trim()));
        Assert.Equal("Deprecated since 2031-03-01 → web-2026", page.Find("[data-testid=badge-lifecycle]").TextContent.Trim());
        await using var db = Database.CreateDbContext();
        var image = await db.Images.SingleAsync(i => i.Name == "web-2025");
        Assert.Equal(new DateTimeOffset(2031, 3, 1, 0, 0, 0, TimeSpan.Zero), image.DeprecateAt);
        Assert.Equal(new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero), image.ObsoleteAt);
        Assert.Equal("web-2026", image.Replacement);
    }

    [Fact]
    public async Task Dates_out_of_order_show_the_service_message_at_the_field_and_save_nothing()
    {
        var page = Open("web-2025");

        await page.InvokeAsync(() => page.Find("[data-testid=lifecycle-edit]").Click());
        var pickers = page.FindComponents<MudDatePicker>();
        await page.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2031, 6, 1)));
        await page.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2031, 3, 1)));
        await page.InvokeAsync(() => page.Find("[data-testid=lifecycle-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("is before deprecateAt", page.FindComponents<MudDatePicker>()[1].Markup));
        await using var db = Database.CreateDbContext();
        var image = await db.Images.SingleAsync(i => i.Name == "web-2025");
        Assert.Null(image.DeprecateAt);
        Assert.Null(image.ObsoleteAt);
    }

    [Fact]
    public async Task Tags_are_added_and_removed_as_chips_and_an_invalid_one_is_refused_inline()
    {
        var page = Open("web-2025");
        var chips = page.FindComponent<TagChips>();
        Assert.Equal(["env: test"], chips.FindAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim()));

        await page.InvokeAsync(() => page.Find("input[data-testid=tag-input]").Input("owner:ops"));
        await page.InvokeAsync(() => page.Find("[data-testid=tag-add]").Click());
        page.WaitForAssertion(() => Assert.Equal(["env: test", "owner: ops"], chips.FindAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim())));
        Assert.Equal([("env", "test"), ("owner", "ops")], await TagsAsync("web-2025"));

        await page.InvokeAsync(() => page.Find("input[data-testid=tag-input]").Input(":orphan"));
        await page.InvokeAsync(() => page.Find("[data-testid=tag-add]").Click());
        page.WaitForAssertion(() => Assert.Contains("A tag key has 1 to 128 characters; this one is empty.", chips.Markup));
        Assert.Equal([("env", "test"), ("owner", "ops")], await TagsAsync("web-2025"));
        Assert.Equal(2, chips.FindAll("[data-testid=tag-chip]").Count);

        await page.InvokeAsync(() => page.Find("[data-testid=tag-chip][data-key=env] button").Click());
        page.WaitForAssertion(() => Assert.Equal(["owner: ops"], chips.FindAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim())));
        Assert.Equal([("owner", "ops")], await TagsAsync("web-2025"));
    }

    [Fact]
    public async Task An_image_in_the_recycle_bin_says_so_reads_only_and_can_be_restored()
    {
        var page = Open("old-build");

        Assert.Contains("recycle bin", page.Find("[data-testid=image-in-bin]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=image-delete]"));
        Assert.Empty(page.FindAll("[data-testid=tag-input]"));
        Assert.True(page.Find(SwitchInput).HasAttribute("disabled"));

        await page.InvokeAsync(() => page.Find("[data-testid=image-restore]").Click());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=image-in-bin]")));
        Assert.NotNull(page.Find("[data-testid=image-delete]"));
        await using var db = Database.CreateDbContext();
        Assert.Null((await db.Images.SingleAsync(i => i.Name == "old-build")).DeletedTime);
    }

    private const string SwitchInput = "[data-testid=protected-switch] input, input[data-testid=protected-switch]";

    private IRenderedComponent<ImageDetailsPage> Open(string name)
    {
        var page = Render<ImageDetailsPage>(p => p.Add(x => x.Name, name));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-lifecycle]")));
        return page;
    }

    private async Task<List<(string, string)>> TagsAsync(string image)
    {
        await using var db = Database.CreateDbContext();
        return (await db.Images.Include(i => i.Tags).SingleAsync(i => i.Name == image)).Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => (t.Key, t.Value)).ToList();
    }
}
