using System.Globalization;

namespace VmPortal.Web.Components.Shared;

/// <summary>Moments as people read them: the exact time always with its year and zone, or how long ago it was.</summary>
public static class TimeWords
{
    /// <summary>Past this, "how long ago" stops helping and the date says more.</summary>
    private static readonly TimeSpan RelativeLimit = TimeSpan.FromDays(30);

    /// <summary><c>2026-11-29 10:27:05 UTC</c>, in the portal's time zone (the zone is written out, so nobody guesses).</summary>
    public static string Exact(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + Zone(local.Offset);
    }

    /// <summary><c>just now</c>, <c>42 s ago</c>, <c>5 min ago</c>, <c>3 h ago</c>, <c>2 days ago</c>; older ones by their exact time.</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now)
    {
        var age = now - time;
        return age switch
        {
            { TotalSeconds: < 0 } => Exact(time),
            { TotalSeconds: < 5 } => SharedText.Get("JustNow"),
            { TotalMinutes: < 1 } => SharedText.Format("SecondsAgo", (int)age.TotalSeconds),
            { TotalHours: < 1 } => SharedText.Format("MinutesAgo", (int)age.TotalMinutes),
            { TotalDays: < 1 } => SharedText.Format("HoursAgo", (int)age.TotalHours),
            _ when age < RelativeLimit => (int)age.TotalDays == 1 ? SharedText.Get("Yesterday") : SharedText.Format("DaysAgo", (int)age.TotalDays),
            _ => Exact(time),
        };
    }

    private static string Zone(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
