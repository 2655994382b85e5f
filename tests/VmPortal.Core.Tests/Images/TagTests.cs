using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>Tags on images and VMs: replaced whole, bounded, free of control characters, and filters that must all match.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class TagTests(AzuriteFixture azurite) : ImageHost(azurite)
{
    [Fact]
    public async Task Image_tags_are_replaced_whole_and_every_tag_filter_must_match()
    {
        await AddVmImageAsync("tag-web");
        await AddVmImageAsync("tag-db");
        (await Service.UpdateAsync("tag-web", new ImageUpdate(Tags: Tags(("env", "prod"), ("team", "web"), ("note", ""))), "tests")).Ok();
        (await Service.UpdateAsync("tag-db", new ImageUpdate(Tags: Tags(("env", "test"), ("team", "db"))), "tests")).Ok();

        var replaced = await Service.UpdateAsync("tag-db", new ImageUpdate(Tags: Tags(("env", "prod"))), "tests");

        Assert.Equal(Tags(("env", "prod")), replaced.Ok().Tags);
        Assert.Equal(Tags(("env", "prod"), ("note", ""), ("team", "web")), (await Queries.GetAsync("tag-web")).Ok().Tags);
        Assert.Equal(["tag-db", "tag-web"], await NamesAsync("env:prod"));
        Assert.Equal(["tag-web"], await NamesAsync("team"));
        Assert.Equal(["tag-web"], await NamesAsync("env:prod", "team:web"));
        Assert.Equal(["tag-web"], await NamesAsync("note:"));
        Assert.Empty(await NamesAsync("env:prod", "team:db"));
        Assert.Empty(await NamesAsync("ENV:prod")); // keys match exactly
        // A label change leaves the tags alone.
        Assert.Equal(Tags(("env", "prod")), (await Service.UpdateAsync("tag-db", new ImageUpdate(Label: "Database"), "tests")).Ok().Tags);
    }

    public static TheoryData<string, string> BadTags => new()
    {
        { "empty key", "tags" },
        { "long key", "tags" },
        { "control in key", "tags" },
        { "bidi in value", "tags.env" },
        { "long value", "tags.env" },
        { "51 tags", "tags" },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public async Task Bad_tags_are_InvalidTag_naming_the_field_and_nothing_changes(string what, string field)
    {
        await AddVmImageAsync("tag-bad");
        var tags = what switch
        {
            "empty key" => Tags(("", "x")),
            "long key" => Tags((new string('k', 129), "x")),
            "control in key" => Tags(("a\u0007b", "x")),
            "bidi in value" => Tags(("env", "pr\u202Eod")),
            "long value" => Tags(("env", new string('v', 257))),
            _ => Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", _ => ""),
        };

        var result = await Service.UpdateAsync("tag-bad", new ImageUpdate(Label: "Changed", Tags: tags), "tests");

        Assert.Equal((ErrorCodes.InvalidTag, field), (result.Error?.Code, result.Error?.Field));
        Assert.DoesNotContain("\u0007", result.Error!.Message, StringComparison.Ordinal);
        var image = (await Queries.GetAsync("tag-bad")).Ok();
        Assert.Empty(image.Tags);
        Assert.NotEqual("Changed", image.Label);
    }

    [Fact]
    public async Task Fifty_tags_at_their_longest_are_accepted()
    {
        await AddVmImageAsync("tag-full");
        var tags = Enumerable.Range(0, 50).ToDictionary(i => $"{i:D3}{new string('k', 125)}", _ => new string('v', 256));

        var result = await Service.UpdateAsync("tag-full", new ImageUpdate(Tags: tags), "tests");

        Assert.Equal(50, result.Ok().Tags.Count);
        Assert.Equal(tags, (await Queries.GetAsync("tag-full")).Ok().Tags);
    }

    [Fact]
    public async Task A_malformed_tag_filter_is_InvalidTag()
    {
        var empty = await Queries.ListAsync(new ImageListQuery(Tags: [":prod"]), 0, 10);
        var control = await Queries.ListAsync(new ImageListQuery(Tags: ["env:pr\nod"]), 0, 10);

        Assert.Equal((ErrorCodes.InvalidTag, "tag"), (empty.Error?.Code, empty.Error?.Field));
        Assert.Equal((ErrorCodes.InvalidTag, "tag"), (control.Error?.Code, control.Error?.Field));
    }

    [Fact]
    public async Task VM_tags_are_replaced_whole_audited_and_filter_the_VM_list()
    {
        var web = await AddVmAsync("tagged1", service: "tag-svc");
        var other = await AddVmAsync("tagged2", service: "tag-svc");
        var tags = Get<VmTagService>();

        Assert.Null(await tags.SetAsync("tag-svc", "TAGGED1", Tags(("env", "prod"), ("role", "web")), "ops@contoso"));
        Assert.Null(await tags.SetAsync("tag-svc", "tagged2", Tags(("env", "prod")), "tests"));
        var bad = await tags.SetAsync("tag-svc", "tagged2", Tags(("env\n", "x")), "tests");
        var missing = await tags.SetAsync("tag-svc", "nobody", Tags(("env", "x")), "tests");

        Assert.Equal(ErrorCodes.InvalidTag, bad?.Code);
        Assert.Equal(ErrorCodes.NotFound, missing?.Code);
        var vms = Get<VmQueries>();
        Assert.Equal(Tags(("env", "prod"), ("role", "web")), (await vms.GetAsync("tag-svc", web.Name)).Ok().Tags);
        Assert.Equal(Tags(("env", "prod")), (await vms.GetAsync("tag-svc", other.Name)).Ok().Tags);
        var prodWeb = await vms.ListDetailsAsync(new VmListQuery(Service: "tag-svc", Tags: [new TagFilter("env", "prod"), new TagFilter("role", null)]));
        Assert.Equal(["tagged1"], prodWeb.Items.Select(v => v.Summary.Name));
        Assert.Equal(2, (await vms.ListDetailsAsync(new VmListQuery(Service: "tag-svc", Tags: [new TagFilter("env", null)]))).Total);
        await using var db = Db();
        Assert.Contains(db.AuditEntries, e => e.Action == "TagVM" && e.Resource == "cloud-services/tag-svc/vms/tagged1" && e.UserName == "ops@contoso");
    }

    private async Task<List<string>> NamesAsync(params string[] filters) =>
        (await Queries.ListAsync(new ImageListQuery(Tags: filters), 0, 1000)).Ok().Items.Select(i => i.Name).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value);
}
