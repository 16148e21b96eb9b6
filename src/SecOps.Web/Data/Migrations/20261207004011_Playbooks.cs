using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Playbooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Playbooks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    LatestVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Playbooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlaybookVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlaybookId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Yaml = table.Column<string>(type: "TEXT", maxLength: 262144, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedById = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ImportedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlaybookVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlaybookVersions_Playbooks_PlaybookId",
                        column: x => x.PlaybookId,
                        principalTable: "Playbooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPlaybooks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlaybookVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlaybookKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlaybookName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    AttachedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AttachedById = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AttachedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPlaybooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentPlaybooks_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentPlaybooks_PlaybookVersions_PlaybookVersionId",
                        column: x => x.PlaybookVersionId,
                        principalTable: "PlaybookVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentPlaybookId = table.Column<long>(type: "INTEGER", nullable: false),
                    StepKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    OwnerRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Checklist = table.Column<string>(type: "TEXT", maxLength: 9030, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SlaMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AssigneeName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedById = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EvidenceNote = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    EvidenceFile = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    EvidenceObservable = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    SkipReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentTasks_IncidentPlaybooks_IncidentPlaybookId",
                        column: x => x.IncidentPlaybookId,
                        principalTable: "IncidentPlaybooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentTasks_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPlaybooks_IncidentId_PlaybookKey",
                table: "IncidentPlaybooks",
                columns: new[] { "IncidentId", "PlaybookKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPlaybooks_PlaybookVersionId",
                table: "IncidentPlaybooks",
                column: "PlaybookVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTasks_IncidentId_Position",
                table: "IncidentTasks",
                columns: new[] { "IncidentId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTasks_IncidentPlaybookId",
                table: "IncidentTasks",
                column: "IncidentPlaybookId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTasks_State_DueAt",
                table: "IncidentTasks",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlaybookVersions_PlaybookId_Version",
                table: "PlaybookVersions",
                columns: new[] { "PlaybookId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Playbooks_Key",
                table: "Playbooks",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentTasks");

            migrationBuilder.DropTable(
                name: "IncidentPlaybooks");

            migrationBuilder.DropTable(
                name: "PlaybookVersions");

            migrationBuilder.DropTable(
                name: "Playbooks");
        }
    }
}
