using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Api;

namespace VmPortal.Web.Tests;

/// <summary>The API's JSON settings and how what they refuse becomes a ValidationFailed naming the field (no route here reads an enum from a body yet).</summary>
public sealed class ApiProblemsTests
{
    private static readonly JsonSerializerOptions Options = PortalApi.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Theory]
    [InlineData("""{"hostCaching":"Fast"}""")]
    [InlineData("""{"hostCaching":2}""")]
    public void An_unknown_enum_value_in_a_body_is_ValidationFailed_naming_the_field_and_the_allowed_values(string body)
    {
        var error = Refusal(body);

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Equal("hostCaching", error.Field);
        Assert.Contains("None, ReadOnly, ReadWrite", error.Message);
    }

    [Fact]
    public void The_api_layers_own_refusals_read_in_the_callers_language_and_keep_their_code()
    {
        using var _ = InCulture.Chinese();

        var twice = JsonBodyGuard.Check("""{"name":"a","NAME":"b"}"""u8)!;
        var enumValue = Refusal("""{"hostCaching":"Fast"}""");

        Assert.Equal((ErrorCodes.InvalidRequest, "NAME"), (twice.Code, twice.Field));
        Assert.Contains("两次", twice.Message);
        Assert.Equal(ErrorCodes.ValidationFailed, enumValue.Code);
        Assert.Contains("None、ReadOnly、ReadWrite", enumValue.Message);
        Assert.Contains("无效", enumValue.Message);
    }

    [Fact]
    public void The_english_refusals_stay_as_they_were()
    {
        using var _ = new InCulture("en-US");

        Assert.Equal("The request body names 'NAME' twice (members are matched regardless of case); send each member once.",
            JsonBodyGuard.Check("""{"name":"a","NAME":"b"}"""u8)!.Message);
        Assert.Equal("The value of 'hostCaching' is not valid: it must be one of: None, ReadOnly, ReadWrite.", Refusal("""{"hostCaching":"Fast"}""").Message);
    }

    [Fact]
    public void Enums_are_written_by_name()
    {
        Assert.Equal("""{"hostCaching":"ReadWrite"}""", JsonSerializer.Serialize(new Body(HostCaching.ReadWrite), Options));
    }

    [Theory]
    [InlineData("InvalidRequest", 400)]
    [InlineData("InvalidVersion", 400)]
    [InlineData("InvalidTag", 400)]
    [InlineData("DiskBlobMissing", 409)]
    [InlineData("ImageProtected", 409)]
    [InlineData("ImageObsolete", 409)]
    [InlineData("ImageDeleted", 409)]
    [InlineData("VersionConflict", 409)]
    [InlineData("BlobInUse", 409)]
    [InlineData("ReplicaExists", 409)]
    public void Every_refusal_code_of_API_md_has_its_status(string code, int status)
    {
        Assert.Contains(code, typeof(ErrorCodes).GetFields().Select(f => f.GetRawConstantValue()));
        Assert.Equal(status, ApiProblems.StatusOf(code));
    }

    private static PortalError Refusal(string body)
    {
        var json = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Body>(body, Options));
        return ApiProblems.FromBadRequest(new BadHttpRequestException("Failed to read parameter \"Body body\" from the request body as JSON.", 400, json));
    }

    private sealed record Body(HostCaching HostCaching);
}
