using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VmPortal.Web.Api;

namespace VmPortal.Web.Tests;

public sealed class ApiErrorMiddlewareTests
{
    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_the_stack_trace()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "GET";
        context.Request.Path = "/api/boom";
        context.Response.Body = new MemoryStream();
        var middleware = new ApiErrorMiddleware(_ => throw new InvalidOperationException("secret internals"),
            NullLogger<ApiErrorMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("InternalError", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("secret internals", text);
        Assert.DoesNotContain("   at ", text);
    }
}
