using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Notes;

/// <summary>A note on an alert, written without changing its status: part of the alert's history, never edited.</summary>
public sealed class AlertNote
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string AuthorId { get; set; }
    public required string AuthorName { get; set; }

    /// <summary>Markdown as written (control and bidi characters already replaced); shown only through SafeMarkdown.</summary>
    public required string Text { get; set; }
}

internal sealed class AlertNoteConfiguration : IEntityTypeConfiguration<AlertNote>
{
    public void Configure(EntityTypeBuilder<AlertNote> b)
    {
        b.HasKey(n => n.Id);
        b.HasIndex(n => new { n.AlertId, n.At });
        b.Property(n => n.AuthorId).HasMaxLength(256);
        b.Property(n => n.AuthorName).HasMaxLength(256);
        b.Property(n => n.Text).HasMaxLength(AlertNotes.MaxLength);
    }
}
