using VmPortal.Core.Security;

namespace VmPortal.Core.Tests.Security;

public sealed class SecretsTests
{
    [Fact]
    public void Redact_replaces_every_secret_member_at_any_depth_and_keeps_the_rest()
    {
        var redacted = Secrets.Redact("""
            {"name":"web1","provisioning":{"computerName":"web1","adminUserName":"admin","AdminPassword":"P4ss!word","sshPublicKey":"ssh-rsa AAAA"},
             "items":[{"password":"x1"},{"token":"vmp_abc"}],"userName":"bob"}
            """)!;

        Assert.DoesNotContain("P4ss!word", redacted);
        Assert.DoesNotContain("ssh-rsa", redacted);
        Assert.DoesNotContain("x1", redacted);
        Assert.DoesNotContain("vmp_abc", redacted);
        Assert.Contains("\"AdminPassword\":\"***\"", redacted);
        Assert.Contains("\"adminUserName\":\"admin\"", redacted);
        Assert.Contains("\"userName\":\"bob\"", redacted);
    }

    [Fact]
    public void A_body_naming_a_member_twice_is_recorded_with_both_values_hidden_and_never_throws()
    {
        // Issue 14, hole 3: the redaction threw on {"x":1,"x":2}, so the audit entry of such a call was lost.
        var redacted = Secrets.Redact("""{"name":"a","name":"b","provisioning":{"adminPassword":"One-Pa55!","ADMINPASSWORD":"Two-Pa55!"}}""")!;

        Assert.Equal("""{"name":"a","name":"b","provisioning":{"adminPassword":"***","ADMINPASSWORD":"***"}}""", redacted);
    }

    [Fact]
    public void A_body_that_is_not_JSON_is_not_recorded_and_tokens_hash_to_64_hex_characters()
    {
        Assert.Equal("(a 17-character body that is not JSON)", Secrets.Redact("password=P4ss!wrd"));
        Assert.Null(Secrets.Redact(" "));
        var token = Secrets.NewToken();
        Assert.Matches("^[0-9a-f]{64}$", Secrets.Hash(token));
        Assert.NotEqual(token, Secrets.NewToken());
        Assert.Matches("[a-z]", Secrets.NewPassword());
        Assert.Matches("[A-Z]", Secrets.NewPassword());
    }

    [Fact]
    public void An_xml_body_keeps_its_shape_with_every_secret_element_emptied_and_a_dtd_is_never_expanded()
    {
        var redacted = Secrets.RedactXml("""
            <Deployment xmlns="http://schemas.microsoft.com/windowsazure"><RoleList><Role><ConfigurationSets>
            <ConfigurationSet><AdminPassword>P4ss!word</AdminPassword><AdminUsername>admin</AdminUsername></ConfigurationSet>
            <ConfigurationSet><UserPassword>lnx-Pa55!</UserPassword><CustomData>c2VjcmV0</CustomData></ConfigurationSet>
            </ConfigurationSets></Role></RoleList></Deployment>
            """)!;

        Assert.DoesNotContain("P4ss!word", redacted);
        Assert.DoesNotContain("lnx-Pa55!", redacted);
        Assert.DoesNotContain("c2VjcmV0", redacted);
        Assert.Contains("<AdminPassword>***</AdminPassword>", redacted);
        Assert.Contains("<AdminUsername>admin</AdminUsername>", redacted);
        Assert.Equal("(a 76-character body that is not well-formed XML)",
            Secrets.RedactXml("""<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><VMImage>&x;</VMImage>"""));
    }
}
