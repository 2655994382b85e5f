using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Catalogue;

/// <summary>The one name rule set: every rule looks at the whole string and names what is wrong without repeating it raw.</summary>
public sealed class NameRulesTests
{
    /// <summary>Every rule, as a service calls it, with a name it accepts.</summary>
    public static readonly (string Rule, Func<string, PortalError?> Check, string Good)[] Rules =
    [
        ("cloud service", n => NameRules.CloudService(n), "shop-01"),
        ("cloud service lookup", n => NameRules.CloudServiceKey(n).Error, "Shop-01"),
        ("virtual network", n => NameRules.VirtualNetwork(n), "Prod-Net"),
        ("subnet", n => NameRules.Subnet(n), "front_end.1"),
        ("image", n => NameRules.Image(n), "CentOS-6.5"),
        ("disk", n => NameRules.Disk(n), "shop-web1-os-2026-01-01"),
        ("endpoint", n => NameRules.Endpoint(n), "RemoteDesktop"),
        ("storage account", n => NameRules.StorageAccount(n), "vmpwestus"),
        ("user", n => NameRules.User(n), "ops.admin@contoso"),
        ("admin user", n => NameRules.AdminUser(n), "opsadmin"),
        ("VM", n => NameRules.VirtualMachine(n), "web-01"),
        ("Windows VM", n => NameRules.VirtualMachine(n, OsType.Windows), "web-01"),
        ("label", n => NameRules.Label(n), "Build server"),
    ];

    /// <summary>What no name may hold, anywhere in it.</summary>
    public static IEnumerable<string> Hostile()
    {
        for (var c = 0; c < 0x20; c++) yield return $"ab{(char)c}cd";
        yield return "ab\u007Fcd";
        foreach (var mark in new[] { '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF', '\u2028', '\u2029', '\u00AD' })
            yield return $"ab{mark}cd";
        yield return "abcd\n";
        yield return "\nabcd";
        yield return "\0";
    }

    public static TheoryData<string, string> HostileForEveryRule()
    {
        var data = new TheoryData<string, string>();
        foreach (var (rule, _, _) in Rules)
            foreach (var name in Hostile())
                data.Add(rule, name);
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileForEveryRule))]
    public void No_rule_accepts_a_control_or_invisible_character_anywhere(string rule, string name)
    {
        var error = Rules.Single(r => r.Rule == rule).Check(name);

        Assert.NotNull(error);
        Assert.Equal(ErrorCodes.InvalidName, error.Code);
        // The message names the character and never carries it.
        Assert.DoesNotContain(error.Message, c => NameRules.IsInvisible(c));
        Assert.Matches(@"U\+[0-9A-F]{4}|\\u[0-9A-F]{4}", error.Message);
    }

    [Fact]
    public void Every_rule_accepts_its_good_name_and_refuses_one_character_too_many_without_cutting()
    {
        foreach (var (rule, check, good) in Rules)
        {
            Assert.True(check(good) is null, $"{rule} refused '{good}': {check(good)?.Message}");
            var tooLong = new string('a', 200) + "1";
            var error = check(tooLong);
            Assert.True(error?.Code == ErrorCodes.InvalidName, $"{rule} accepted 201 characters");
            Assert.Contains("201 characters", error!.Message);
        }
    }

    [Theory]
    [InlineData("CentOS-6.5\n")]
    [InlineData("CentOS-6.5\r\n")]
    [InlineData("Ubuntu-Server-14.04-LTS\u200B")]
    [InlineData("Ubuntu-S\u0435rver-14.04-LTS")] // a Cyrillic 'е'
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("web image")]
    public void Look_alikes_and_paths_are_no_image_names(string name)
    {
        var error = NameRules.Image(name);

        Assert.Equal(ErrorCodes.InvalidName, error?.Code);
    }

    [Fact]
    public void A_Cyrillic_look_alike_is_named_as_not_ASCII()
    {
        var error = NameRules.Image("Ubuntu-S\u0435rver-14.04-LTS")!;

        Assert.Contains("U+0435", error.Message);
        Assert.Contains("not an ASCII character", error.Message);
    }

    [Theory]
    [InlineData("MySvc1", "mysvc1")]
    [InlineData("shop", "shop")]
    public void A_cloud_service_is_looked_up_in_any_case(string asked, string key)
    {
        Assert.Equal(key, NameRules.CloudServiceKey(asked).Value);
        Assert.Equal(ErrorCodes.InvalidName, NameRules.CloudService(asked == key ? "Shop" : asked)?.Code);
    }

    [Fact]
    public void No_look_alike_folds_into_a_real_cloud_service_name()
    {
        // The Kelvin sign lower-cases to 'k' in .NET: the lookup refuses it instead of finding "kube".
        Assert.Equal(ErrorCodes.InvalidName, NameRules.CloudServiceKey("\u212Aube").Error?.Code);
        Assert.Equal(ErrorCodes.InvalidName, NameRules.CloudServiceKey("\u0130stanbul").Error?.Code);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("ADMINISTRATOR")]
    [InlineData("Guest")]
    [InlineData("1")]
    [InlineData("a")]
    [InlineData("support_388945a0")]
    public void Reserved_admin_user_names_are_refused_in_any_case(string name)
    {
        var error = Credentials.CheckUserName(name);

        Assert.Equal((ErrorCodes.InvalidName, "provisioning.adminUserName"), (error?.Code, error?.Field));
        Assert.Contains("reserved", error!.Message);
    }

    [Fact]
    public void The_seeds_own_admin_stays_valid()
    {
        // R28: "The seed's own example (admin / adminPassword123) is valid"; R31 runs it as written.
        Assert.Null(Credentials.CheckUserName("admin"));
        Assert.Null(Credentials.CheckPassword("adminPassword123"));
    }

    [Fact]
    public void A_name_is_checked_whole_even_when_its_only_fault_is_NUL()
    {
        // The old check took FirstOrDefault's "nothing found" ('\0') for "all good".
        Assert.Equal(ErrorCodes.InvalidName, NameRules.CloudService("sec\0x")?.Code);
        Assert.Equal(ErrorCodes.InvalidName, NameRules.VirtualMachine("a\0b")?.Code);
        Assert.Contains("(NUL)", NameRules.VirtualMachine("a\0b")!.Message);
    }

    [Fact]
    public void A_Chinese_reader_is_told_in_Chinese_what_a_name_tag_or_location_must_be_and_the_code_stays()
    {
        using var _ = InCulture.Chinese();

        var name = NameRules.VirtualMachine("-web");
        Assert.Equal(ErrorCodes.InvalidName, name?.Code);
        Assert.Contains("虚拟机名称", name!.Message);
        Assert.Contains("-web", name.Message);
        var nul = NameRules.VirtualMachine("a\0b")!;
        Assert.Contains("控制字符 U+0000", nul.Message);

        var tag = TagRules.Check(new Dictionary<string, string> { [""] = "x" });
        Assert.Equal(ErrorCodes.InvalidTag, tag?.Code);
        Assert.Contains("标记键", tag!.Message);

        var location = Locations.Resolve("Mars");
        Assert.Equal(ErrorCodes.ValidationFailed, location.Error?.Code);
        Assert.Contains("位置", location.Error!.Message);
        Assert.Contains("West US、East US", location.Error.Message);
    }
}
