import Foundation

/// A small organisation with every kind and every relation type, used by the catalog tests.
enum CatalogFixture {
    static let yaml = """
        apiVersion: backstage.io/v1alpha1
        kind: Domain
        metadata:
          name: commerce
          description: Everything that takes money
        spec:
          owner: group:default/leadership
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Domain
        metadata:
          name: checkout
        spec:
          owner: leadership
          subdomainOf: commerce
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata:
          name: billing
        spec:
          owner: team-a
          domain: checkout
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments
          title: Payments Service
          tags: [java, payments]
          annotations:
            backstage.io/techdocs-ref: dir:.
          labels:
            tier: critical
        spec:
          type: service
          lifecycle: production
          owner: team-a
          system: billing
          providesApis: [payments-api]
          consumesApis: [ledger-api]
          dependsOn: [resource:payments-db]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments-worker
          tags: [java]
        spec:
          type: worker
          lifecycle: experimental
          owner: team-a
          subcomponentOf: payments
          dependencyOf: [component:ledger]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ledger
          tags: [go]
        spec:
          type: service
          lifecycle: production
          owner: user:jane
          providesApis: [ledger-api]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: payments-api
        spec:
          type: openapi
          lifecycle: production
          owner: team-a
          system: billing
          definition: "openapi: 3.0.0"
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: ledger-api
        spec:
          type: grpc
          lifecycle: production
          owner: team-b
          definition: "syntax = proto3;"
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: payments-db
        spec:
          type: database
          owner: team-a
          system: billing
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: leadership
        spec:
          type: department
          children: [team-a, team-b]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-a
        spec:
          type: team
          parent: leadership
          children: []
          members: [jane]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-b
        spec:
          type: team
          parent: leadership
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: jane
        spec:
          memberOf: [team-b]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: joe
          namespace: contractors
        spec:
          memberOf: [group:default/team-b]
        ---
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: new-service
        spec:
          type: service
          owner: team-a
          steps: []
        ---
        apiVersion: example.com/v1
        kind: Pipeline
        metadata:
          name: deploy-payments
        spec:
          anything: [1, 2, 3]
        """

    static let entityCount = 16
}
