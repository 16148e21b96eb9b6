using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DocumentId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    IngestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    TargetUserName = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    HostName = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    SourceIp = table.Column<string>(type: "TEXT", maxLength: 257, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 513, nullable: false),
                    RawDocument = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_DocumentId",
                table: "AuditEvents",
                column: "DocumentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_HostName_Timestamp",
                table: "AuditEvents",
                columns: new[] { "HostName", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TargetUserName_Timestamp",
                table: "AuditEvents",
                columns: new[] { "TargetUserName", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Timestamp",
                table: "AuditEvents",
                column: "Timestamp");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_UserId_Timestamp",
                table: "AuditEvents",
                columns: new[] { "UserId", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_UserName_Timestamp",
                table: "AuditEvents",
                columns: new[] { "UserName", "Timestamp" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEvents");
        }
    }
}
