/** Every operation the dashboard sends: the public GraphQL API only. */
export const VIEWER = /* GraphQL */ `
  query DashboardViewer {
    me {
      scopes
      person { id displayName }
    }
  }
`;

/** Separate from VIEWER so that the header (who is signed in) shows even when practices cannot be read. */
export const MEMBERSHIPS = /* GraphQL */ `
  query DashboardMemberships {
    me {
      practices { role practice { id name } }
    }
  }
`;

const HEALTH_SUMMARY = `
  driftRisk
  driftSignals
  daysSinceLastReconnect
  sessionsLast30Days
  targetSessionsPerMonth
  closenessAverage30d
`;

export const CASELOAD = /* GraphQL */ `
  query DashboardCaseload($practiceId: ID!, $first: Int!, $after: String) {
    practice(id: $practiceId) {
      id
      name
      couples(orderBy: DRIFT_RISK, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            scope
            grantedAt
            couple {
              id
              status
              lastReconnectedAt
              partners { id displayName }
              health { ${HEALTH_SUMMARY} }
            }
          }
        }
      }
    }
  }
`;

const ASSIGNMENT = `
  id
  status
  note
  dueBy
  completedAt
  prompt { id text theme }
  assignedBy { id displayName }
`;

export const COUPLE = /* GraphQL */ `
  query DashboardCouple($id: ID!) {
    couple(id: $id) {
      id
      status
      createdAt
      lastReconnectedAt
      nextReminderAt
      partners { id displayName }
      plan { sessionsPerMonth reminderTime timezone pausedUntil }
      health {
        ${HEALTH_SUMMARY}
        closenessTrend
        participationBalance
        closenessSeries(days: 90) { date closeness partner { id displayName } }
      }
      sessions(first: 20) {
        edges { node { id status scheduledFor startedAt completedAt bothParticipated prompts { position prompt { id text } } } }
      }
      open: assignments(status: OPEN, first: 50) { edges { node { ${ASSIGNMENT} } } }
      done: assignments(status: DONE, first: 20) { edges { node { ${ASSIGNMENT} } } }
    }
  }
`;

export const REFLECTIONS = /* GraphQL */ `
  query DashboardReflections($id: ID!) {
    couple(id: $id) {
      id
      reflections(first: 20) {
        edges { node { id body closeness feelings createdAt author { id displayName } session { id } } }
      }
    }
  }
`;

export const ACCESS_LOG = /* GraphQL */ `
  query DashboardAccessLog($id: ID!) {
    couple(id: $id) {
      id
      accessLog(first: 20) {
        edges { node { at action actor { id displayName } practice { id name } } }
      }
    }
  }
`;

export const PRACTICE = /* GraphQL */ `
  query DashboardPractice($id: ID!) {
    practice(id: $id) {
      id
      name
      members { role addedAt person { id displayName } }
      prompts(first: 50) { edges { node { id text theme depth archived } } }
    }
  }
`;

export const ASSIGN_PROMPT = /* GraphQL */ `
  mutation DashboardAssignPrompt($input: AssignPromptInput!) {
    assignPrompt(input: $input) { ${ASSIGNMENT} }
  }
`;
