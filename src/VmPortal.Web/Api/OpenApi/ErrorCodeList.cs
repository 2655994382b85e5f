using System.Reflection;
using VmPortal.Core;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>Every stable code of <see cref="ErrorCodes"/>, in the order it declares them.</summary>
internal static class ErrorCodeList
{
    public static readonly IReadOnlyList<string> All = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();
}
