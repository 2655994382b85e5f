using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using VmPortal.Core;
using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Api;

/// <summary>
/// The one mapping from a <see cref="PortalError"/> to RFC 7807 problem details (API.md "Errors"): <c>status</c> by
/// code, <c>title</c> from the code, <c>detail</c> = the error's message, and the <c>code</c> (and <c>field</c>) members.
/// Request-reading failures of the framework are turned into a <see cref="PortalError"/> first, so they go the same way.
/// </summary>
internal static partial class ApiProblems
{
    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.InvalidName or ErrorCodes.WeakPassword or ErrorCodes.InvalidSshKey or ErrorCodes.ProvisioningRequired
            or ErrorCodes.ProvisioningNotAllowedForSpecializedImage or ErrorCodes.LocationMismatch
            or ErrorCodes.InstanceSizeTooSmall or ErrorCodes.InvalidVhd or ErrorCodes.InvalidLun
            or ErrorCodes.InvalidHostCaching or ErrorCodes.InvalidSize or ErrorCodes.ValidationFailed
            or ErrorCodes.InvalidRequest or ErrorCodes.InvalidVersion or ErrorCodes.InvalidTag
            => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ImageNameConflict or ErrorCodes.NameConflict or ErrorCodes.VmNotStopped or ErrorCodes.VmNotGeneralized
            or ErrorCodes.VmBusy or ErrorCodes.ImageInUse or ErrorCodes.DiskInUse or ErrorCodes.LunInUse
            or ErrorCodes.SpecializedCloneAcknowledgementRequired or ErrorCodes.DiskBlobMissing or ErrorCodes.ImageProtected
            or ErrorCodes.ImageObsolete or ErrorCodes.ImageDeleted or ErrorCodes.VersionConflict or ErrorCodes.BlobInUse
            or ErrorCodes.ReplicaExists
            => StatusCodes.Status409Conflict,
        ErrorCodes.TooManyRequests => StatusCodes.Status429TooManyRequests,
        // A code the table does not list is a portal bug, and says so loudly.
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem details for <paramref name="error"/>; <paramref name="status"/> overrides the table (405, 415, 500).</summary>
    public static IResult For(PortalError error, int? status = null)
    {
        var problem = new ProblemDetails
        {
            Status = status ?? StatusOf(error.Code),
            Title = TitleOf(error.Code),
            Detail = error.Message,
        };
        problem.Extensions["code"] = error.Code;
        if (error.Field is not null) problem.Extensions["field"] = error.Field;
        return TypedResults.Problem(problem);
    }

    public static PortalError UnsupportedMediaType => new(ErrorCodes.ValidationFailed, ApiMessages.Get("SendJson"), "body");

    /// <summary>
    /// What the framework could not read: a wrong value type or enum name, or a missing body, as <c>ValidationFailed</c>
    /// naming the field; a body that is not JSON or names a member twice as <c>InvalidRequest</c> (API.md).
    /// </summary>
    public static PortalError FromBadRequest(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json) return FromJson(json);
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType) return UnsupportedMediaType;
        if (BindFailure().Match(e.Message) is { Success: true } bind)
        {
            var (field, value) = (bind.Groups["name"].Value, bind.Groups["value"].Value);
            return PortalError.Validation(field, AllowedValues(bind.Groups["type"].Value) is { } allowed
                ? ApiMessages.Format("InvalidValueUseOneOf", value, field, allowed)
                : ApiMessages.Format("InvalidValue", value, field));
        }
        if (e.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return PortalError.Validation("body", ApiMessages.Get("BodyRequired"));
        return new PortalError(ErrorCodes.ValidationFailed, e.Message);
    }

    private static PortalError FromJson(JsonException e)
    {
        var field = e.Path is null or "$" ? "body" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        var converted = ConversionFailure().Match(e.Message);
        if (converted.Success)
            return PortalError.Validation(field, ApiMessages.Format("ValueNotValid", field, Expected(converted.Groups["type"].Value, field)));
        var reason = JsonReason.Of(e);
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
            return PortalError.Validation(field, ApiMessages.Format("BodyLacksMember", reason));
        // Not JSON, or a member given twice (AllowDuplicateProperties is off): the body cannot be read as it stands.
        return new PortalError(ErrorCodes.InvalidRequest, ApiMessages.Format("BodyUnreadable", field, reason), field);
    }

    /// <summary>
    /// What the value at <paramref name="field"/> should look like, for a person. The serializer names either that value's
    /// type or (for records bound by constructor) the type holding it, so the field's path is walked from there.
    /// </summary>
    private static string Expected(string reportedType, string field)
    {
        var reported = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(reportedType.TrimEnd('?', '.'))).FirstOrDefault(t => t is not null);
        if (reported is null) return ApiMessages.Get("ExpectedWrongType");
        var type = TypeAt(reported, field) ?? reported;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => ApiMessages.Get("ExpectedString"),
            _ when type == typeof(int) || type == typeof(long) => ApiMessages.Get("ExpectedWholeNumber"),
            _ when type == typeof(bool) => ApiMessages.Get("ExpectedBoolean"),
            _ when type == typeof(Guid) => ApiMessages.Get("ExpectedGuid"),
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => ApiMessages.Get("ExpectedDateTime"),
            { IsEnum: true } => ApiMessages.Format("ExpectedOneOf", string.Join(ApiMessages.Get("ListSeparator"), Enum.GetNames(type))),
            _ when ElementType(type) is not null => ApiMessages.Get("ExpectedArray"),
            _ => ApiMessages.Get("ExpectedObject"),
        };
    }

    /// <summary>The declared type at a JSON path such as <c>subnets[0].addressPrefix</c> below <paramref name="root"/>, if it can be followed.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            var property = type.GetProperty(segment.Split('[')[0],
                System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = property.PropertyType;
            if (segment.Contains('[')) type = ElementType(type) ?? type;
        }
        return type;
    }

    private static Type? ElementType(Type type) => type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    /// <summary>The allowed names, listed, when <paramref name="typeName"/> is one of the catalogue's enums, else null.</summary>
    private static string? AllowedValues(string typeName)
    {
        // The framework writes "Nullable<OperationStatus>", "OperationStatus?" or a full name; any of them will do.
        var name = typeName.Replace("Nullable<", "").TrimEnd('?', '>', '.');
        var type = typeof(OsType).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && (t.FullName == name || t.Name == name));
        return type is null ? null : string.Join(ApiMessages.Get("ListSeparator"), Enum.GetNames(type));
    }

    /// <summary>The code in words, in the request's language; a code without a resource entry in English words.</summary>
    internal static string TitleOf(string code) => ProblemTitles.Of(code) ?? (WordStart().Replace(code, " $1").Trim() is var words && words.Length > 0
        ? words[0] + words[1..].ToLowerInvariant()
        : code);

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^"]+) (?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""could not be converted to (?<type>[\w.+`]+)""")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
