using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecOps.Web.Data;

/// <summary>Stores a point in time as UTC ticks, which every provider can index, sort and compare.</summary>
public sealed class DateTimeOffsetTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
