using VmPortal.Core.Images;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// The gallery's one entry per image family: the version a deploy of the family gets, or its newest when none qualifies; images
/// without a family are all listed; the family's other versions stay listed when asked for.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class FamilyHeadsTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    [Fact]
    public async Task A_family_lists_once_as_its_latest_version_and_every_version_when_asked_for()
    {
        await AddVmImageAsync("grp-web-1", family: "grp-web", version: "1.9.0");
        await AddVmImageAsync("grp-web-2", family: "GRP-web", version: "1.10.0");
        await AddVmImageAsync("grp-web-3", family: "grp-web", version: "2.0.0", excludeFromLatest: true); // held back: not the head
        await AddVmImageAsync("grp-held", family: "grp-held", version: "1.0.0", excludeFromLatest: true); // no latest: its newest shows
        await AddVmImageAsync("grp-alone");

        var grouped = await NamesAsync(new ImageListQuery(OnePerFamily: true));
        var all = await NamesAsync(new ImageListQuery());
        var oneFamily = await NamesAsync(new ImageListQuery(Family: "grp-web", OnePerFamily: true));
        var heads = await Get<ImageFamilies>().HeadsAsync(null);

        Assert.Equal(["grp-alone", "grp-held", "grp-web-2"], grouped);
        Assert.Equal(["grp-alone", "grp-held", "grp-web-1", "grp-web-2", "grp-web-3"], all);
        Assert.Equal(["grp-web-1", "grp-web-2", "grp-web-3"], oneFamily); // narrowed to the family: every version
        var head = (await Queries.GetAsync("grp-web-2")).Ok();
        Assert.Equal(3, heads.SizeOf(head));
        Assert.Equal(1, heads.SizeOf((await Queries.GetAsync("grp-alone")).Ok()));
    }

    [Fact]
    public async Task A_deleted_version_neither_heads_its_family_nor_counts_and_the_next_one_takes_its_place()
    {
        await AddVmImageAsync("grpdel-1", family: "grpdel", version: "1.0.0");
        await AddVmImageAsync("grpdel-2", family: "grpdel", version: "2.0.0");
        Assert.Equal(["grpdel-2"], await NamesAsync(new ImageListQuery(OnePerFamily: true), "grpdel-"));

        await this.WaitForSuccessAsync((await Service.DeleteAsync("grpdel-2", deleteVhds: false, "tests")).Ok().Id);

        Assert.Equal(["grpdel-1"], await NamesAsync(new ImageListQuery(OnePerFamily: true), "grpdel-"));
        Assert.Equal(1, (await Get<ImageFamilies>().HeadsAsync(null)).SizeOf((await Queries.GetAsync("grpdel-1")).Ok()));
    }

    [Fact]
    public async Task The_next_version_of_a_family_raises_the_patch_of_its_highest_even_one_held_back_or_deleted()
    {
        await AddVmImageAsync("nxt-1", family: "nxt", version: "1.9.0");
        await AddVmImageAsync("nxt-2", family: "NXT", version: "1.10.2", excludeFromLatest: true);
        await AddVmImageAsync("nxt-3", family: "nxt");
        var families = Get<ImageFamilies>();
        Assert.Equal("1.10.3", await families.NextVersionAsync(" nxt "));

        await AddVmImageAsync("nxt-4", family: "nxt", version: "2.0.0");
        await this.WaitForSuccessAsync((await Service.DeleteAsync("nxt-4", deleteVhds: false, "tests")).Ok().Id);

        Assert.Equal("2.0.1", await families.NextVersionAsync("nxt")); // 2.0.0 is in the recycle bin, still taken
        Assert.Equal("1.0.0", await families.NextVersionAsync("nxt-new"));
        Assert.Null(await families.NextVersionAsync("bad\u0001family")); // a control character is no family name
        Assert.Null(await families.NextVersionAsync(""));
    }

    private async Task<List<string>> NamesAsync(ImageListQuery query, string prefix = "grp-") =>
        (await Queries.ListAsync(query, 0, 1000)).Ok().Items.Select(i => i.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
