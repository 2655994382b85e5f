using System.Net;
using System.Net.Http.Headers;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

/// <summary>A refusal reads in the caller's language (<c>Accept-Language</c>); its status and <c>code</c> are the same in every language, for scripts.</summary>
[Collection(typeof(ApiPortal))]
public sealed class ProblemLanguageApiTests(PortalApp app)
{
    private const string Path = "/api/cloud-services";

    [Theory]
    [InlineData("zh-CN", "名称无效")]
    [InlineData("zh-Hans", "名称无效")]
    [InlineData("zh", "名称无效")]
    [InlineData("en-US", "Invalid name")]
    [InlineData("fr-FR", "Invalid name")]
    public async Task The_same_refusal_keeps_its_code_and_status_and_titles_itself_in_the_callers_language(string language, string title)
    {
        using var http = app.AdminClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var before = await http.NamesAsync(Path);

        using var response = await http.PostJsonAsync(Path, new { name = "-shop", location = "West US" });

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("InvalidName", problem.GetProperty("code").GetString());
        Assert.Equal("name", problem.GetProperty("field").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(before, await http.NamesAsync(Path));
    }

    [Fact]
    public async Task The_answer_says_which_language_it_is_in()
    {
        using var http = app.AdminClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        using var response = await http.GetAsync("/api/images/no-such-image");

        var problem = await response.JsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("NotFound", problem.GetProperty("code").GetString());
        Assert.Equal("未找到", problem.GetProperty("title").GetString());
        Assert.Contains("zh-CN", response.Content.Headers.ContentLanguage);
    }

    /// <summary>
    /// Bodies refused before anything is read from them: one naming a member twice, and one that is not JSON. The parser
    /// speaks only English, so a Chinese caller reads where it broke, not the parser's sentence.
    /// </summary>
    [Theory]
    [InlineData("zh-CN", """{"name":"dup-a","name":"dup-b","location":"West US"}""", "name", "两次")]
    [InlineData("en-US", """{"name":"dup-a","name":"dup-b","location":"West US"}""", "name", "twice")]
    [InlineData("zh-CN", """{"name":"broken-json","location":}""", "location", "第 1 行第 34 个字节处不符合 JSON 语法")]
    [InlineData("en-US", """{"name":"broken-json","location":}""", "location", "is an invalid start of a value")]
    public async Task A_body_that_cannot_be_read_is_refused_in_the_callers_language_with_the_same_code(
        string language, string body, string field, string reason)
    {
        using var http = app.AdminClient();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var before = await http.NamesAsync(Path);

        using var response = await http.PostRawAsync(Path, body);

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("InvalidRequest", problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(reason, detail);
        Assert.Contains(field, detail);
        Assert.Equal(before, await http.NamesAsync(Path));
    }
}
